using Routing.Protos.V1;
using Routing.Redis;

namespace Routing.Server.Ingest;

/// <summary>The Submit receipt's parallel-contact fields (README "Parallel contacts of one customer").</summary>
public static class ParallelReceipt
{
    public static void Fill(ContactReceipt receipt, EnqueueResult result)
    {
        receipt.BundledWithConversation = result.ParallelRouting == "offered";
        receipt.WaitingForConversationAgent = result.ParallelRouting == "waiting";
    }
}
