using System.Diagnostics;
using Routing.Core.Telemetry;

namespace Routing.Crm;

/// <summary>
/// Spans of CRM work: a lookup or write, and one child per SQL statement carrying the statement's
/// text (the configured SQL with its @parameters, never their values). SQLite work runs on the
/// CRM's own threads, where the caller's <see cref="Activity.Current"/> does not flow, so the
/// statements name their parent explicitly.
/// </summary>
internal static class CrmActivity
{
    public static Activity? StartOperation(string name, string tenant)
    {
        var activity = RoutingActivities.Source.StartActivity("crm " + name, ActivityKind.Internal);
        activity?.SetTag(RoutingActivities.Tenant, tenant);
        return activity;
    }

    public static Activity? StartStatement(Activity? parent, CrmProvider provider, string name, string sql)
    {
        if (parent is null)
        {
            return null;
        }

        var activity = RoutingActivities.Source.StartActivity(name, ActivityKind.Client, parent.Context);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", provider == CrmProvider.Sqlite ? "sqlite" : "microsoft.sql_server");
            activity.SetTag("db.operation.name", name);
            activity.SetTag("db.query.text", sql);
        }

        return activity;
    }

    public static void Failed(Activity? activity, Exception ex) => activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
}
