using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Core.Privacy;
using Routing.Protos.V1;
using Routing.Server.DataProtection;
using Routing.Server.Ingest;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// Ingest for channel gateways. Created for every call, so it holds no state: it maps the request,
/// calls the <see cref="ContactIngestor"/> and maps the result back. Errors become statuses in
/// <see cref="RoutingExceptionInterceptor"/>. Gateways submit on the channels their key is scoped
/// to; Cancel is for a gateway (contacts of its channels) or a supervisor (any contact of the tenant).
/// </summary>
[BindServiceMethod(typeof(ContactIngestService), nameof(BindService))]
public sealed class ContactIngestService(ContactIngestor ingestor, SubmitStreamHandler streams, TenantResolver tenants, Consent.ConsentRequests consent, IngestAccess access, AuditRecorder audit, Supervisor.WaitEstimator waits) : ContactIngest.ContactIngestBase
{
    /// <summary>
    /// Binds the generated service so a malformed request body is INVALID_ARGUMENT, not UNKNOWN (see
    /// <see cref="ProtobufGuardBinder"/>). The parameter is the generated base: gRPC finds the methods
    /// to bind by their overrides of it.
    /// </summary>
    public static void BindService(ServiceBinderBase binder, ContactIngest.ContactIngestBase service) => ContactIngest.BindService(new ProtobufGuardBinder(binder), service);

    [Authorize(Roles = RoutingRoles.Gateway)]
    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var caller = tenants.GetCaller(context);
        access.EnsureMaySubmit(caller, request.Contact?.Channel);
        var result = await ingestor.SubmitAsync(caller.Tenant, ProtoMapper.ToDomain(request.Contact), context.CancellationToken);
        return new SubmitResponse { Receipt = await waits.ReceiptAsync(caller.Tenant, result, context.CancellationToken) };
    }

    [Authorize(Roles = RoutingRoles.Gateway)]
    public override Task SubmitStream(IAsyncStreamReader<SubmitStreamRequest> requestStream, IServerStreamWriter<SubmitStreamResponse> responseStream, ServerCallContext context) =>
        streams.RunAsync(tenants.GetCaller(context), requestStream, responseStream, context.GetHttpContext(), context.CancellationToken);

    [Authorize(Roles = RoutingRoles.Gateway + "," + RoutingRoles.Supervisor)]
    public override async Task<CancelResponse> Cancel(CancelRequest request, ServerCallContext context)
    {
        var caller = tenants.GetCaller(context);
        await access.EnsureMayCancelAsync(caller, request.ContactId, request.External?.Channel, context.CancellationToken);
        var result = await ingestor.CancelAsync(
            caller.Tenant,
            request.ContactId,
            request.External?.Channel,
            request.External?.ExternalId,
            request.Reason,
            context.CancellationToken);
        await audit.RecordAsync(caller, AuditActions.Cancel, result.ContactId, $"was {result.PreviousState}", CancellationToken.None);
        return new CancelResponse
        {
            ContactId = result.ContactId,
            PreviousState = ProtoMapper.ToState(result.PreviousState),
            State = ContactState.Cancelled,
        };
    }

    [Authorize(Roles = RoutingRoles.Gateway)]
    public override async Task<RequestCallbackResponse> RequestCallback(RequestCallbackRequest request, ServerCallContext context)
    {
        var caller = tenants.GetCaller(context);
        access.EnsureMaySubmit(caller, request.Contact?.Channel);
        var result = await ingestor.RequestCallbackAsync(
            caller.Tenant,
            ProtoMapper.ToDomain(request.Contact),
            ProtoMapper.ToDateTimeOffset(request.WindowStart, "window_start"),
            ProtoMapper.ToDateTimeOffset(request.WindowEnd, "window_end"),
            context.CancellationToken);
        return new RequestCallbackResponse { Receipt = await waits.ReceiptAsync(caller.Tenant, result, context.CancellationToken) };
    }

    [Authorize(Roles = RoutingRoles.Gateway)]
    public override Task<ReportOptOutResponse> ReportOptOut(ReportOptOutRequest request, ServerCallContext context) =>
        consent.ReportOptOutAsync(tenants.GetCaller(context), request, context.CancellationToken);
}
