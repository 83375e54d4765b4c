using Routing.Protos.V1;
using Routing.Redis;

namespace Routing.Server.Hours;

/// <summary>The Submit receipt's business-hours fields.</summary>
public static class HoursReceipt
{
    public static void Fill(ContactReceipt receipt, EnqueueResult result)
    {
        receipt.OutsideHoursAction = result.OutsideHours switch
        {
            OutsideHoursActions.Hold => OutsideHoursAction.Hold,
            OutsideHoursActions.Overflow => OutsideHoursAction.Overflow,
            OutsideHoursActions.Closed => OutsideHoursAction.ClosedMessage,
            _ => OutsideHoursAction.Unspecified,
        };
        if (result.OpensAt is { } opens && result.OutsideHours == OutsideHoursActions.Hold)
        {
            receipt.OpensAt = Grpc.ProtoMapper.ToTimestamp(opens);
        }

        receipt.ClosedMessage = result.ClosedMessage;
        receipt.ClosedQueue = result.ClosedQueue;
    }
}
