using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Core.Errors;
using Routing.Core.Privacy;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.DataProtection;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// Privacy for admins: erasure, export and the audit trail. Created for every call, so it holds no
/// state: it resolves whom a request is about, calls <see cref="CustomerDataRights"/> and records
/// the action in the audit trail with ids only.
/// </summary>
[Authorize(Roles = RoutingRoles.Admin)]
[BindServiceMethod(typeof(PrivacyService), nameof(BindService))]
public sealed class PrivacyService(CustomerDataRights rights, AuditRecorder audit, AuditTrail trail, TenantResolver tenants, ILogger<PrivacyService> logger) : Protos.V1.Privacy.PrivacyBase
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>Binds the generated service so a malformed request body is INVALID_ARGUMENT (see <see cref="ProtobufGuardBinder"/>).</summary>
    public static void BindService(ServiceBinderBase binder, Protos.V1.Privacy.PrivacyBase service) => Protos.V1.Privacy.BindService(new ProtobufGuardBinder(binder), service);

    public override async Task<EraseCustomerResponse> EraseCustomer(EraseCustomerRequest request, ServerCallContext context)
    {
        var caller = Admin(context);
        var subject = await rights.ResolveAsync(caller.Tenant, request.Customer?.CustomerId, request.Customer?.Address, request.Customer?.Channel, context.CancellationToken);
        var result = await rights.EraseAsync(caller.Tenant, subject, context.CancellationToken);
        var customer = result.CustomerId ?? "";
        var detail = $"{result.ErasedContacts.Count} contacts erased ({result.CancelledContacts.Count} cancelled in flight), {result.CrmRowsDeleted} CRM rows deleted";
        var auditId = await audit.RecordAsync(caller, AuditActions.Erase, Target(customer), detail, CancellationToken.None);
        DataProtection.PrivacyLog.CustomerErased(logger, Target(customer), caller.Tenant, caller.Subject, result.ErasedContacts.Count, result.CancelledContacts.Count, result.CrmRowsDeleted);
        var response = new EraseCustomerResponse
        {
            CustomerId = customer,
            ContactsErased = result.ErasedContacts.Count,
            CrmRowsDeleted = result.CrmRowsDeleted,
            NothingFound = result.NothingFound,
            AuditId = auditId,
        };
        response.CancelledContactIds.Add(result.CancelledContacts);
        return response;
    }

    public override async Task<ExportCustomerResponse> ExportCustomer(ExportCustomerRequest request, ServerCallContext context)
    {
        var caller = Admin(context);
        var subject = await rights.ResolveAsync(caller.Tenant, request.Customer?.CustomerId, request.Customer?.Address, request.Customer?.Channel, context.CancellationToken);
        var result = await rights.ExportAsync(caller.Tenant, subject, context.CancellationToken);
        var customer = result.CustomerId ?? "";
        var auditId = await audit.RecordAsync(caller, AuditActions.Export, Target(customer), $"{result.Contacts} contacts", CancellationToken.None);
        DataProtection.PrivacyLog.CustomerExported(logger, Target(customer), caller.Tenant, caller.Subject, result.Contacts);
        return new ExportCustomerResponse { CustomerId = customer, Json = result.Json, Contacts = result.Contacts, AuditId = auditId };
    }

    public override async Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        var caller = Admin(context);
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            RoutingErrors.InvalidArgument("page_size", $"must be 0 (default {DefaultPageSize}) to {MaxPageSize}");
        }

        AuditPage page;
        try
        {
            page = await trail.ReadAsync(caller.Tenant, request.PageSize == 0 ? DefaultPageSize : request.PageSize, request.PageToken, context.CancellationToken);
        }
        catch (FormatException)
        {
            RoutingErrors.InvalidArgument("page_token", "is not a token this server issued; start again with an empty one");
            throw;
        }

        var response = new ListAuditResponse { NextPageToken = page.NextPageToken };
        response.Entries.Add(page.Entries.Select(e => new Protos.V1.AuditEntry
        {
            Id = e.Id,
            At = ProtoMapper.ToTimestamp(e.At),
            Tenant = e.Tenant,
            Actor = e.Actor,
            Action = e.Action,
            Target = e.Target,
            Detail = e.Detail,
        }));
        return response;
    }

    // An unknown sender has no id to name in the audit trail or a log; their address never goes there.
    private static string Target(string customerId) => customerId.Length > 0 ? customerId : "unknown sender";

    // The [Authorize] attribute enforces the role once authentication is on; this keeps the rule
    // next to the code too (an anonymous caller, before then, holds every role).
    private Caller Admin(ServerCallContext context)
    {
        var caller = tenants.GetCaller(context);
        if (!caller.IsInRole(RoutingRoles.Admin))
        {
            throw new RoutingException(RoutingErrorKind.PermissionDenied, "permission_denied", "Privacy calls need the admin role.");
        }

        return caller;
    }
}
