using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Routing.Core.Customers;
using Routing.Core.Telemetry;

namespace Routing.Crm;

/// <summary>
/// Finds the customer behind a contact for the ingest pipeline. A contact is never lost or held
/// up because the CRM is down or slow: past <see cref="CrmOptions.LookupTimeout"/>, or on any CRM
/// error, the contact gets <see cref="CustomerContext.Unavailable"/> (Partial) and goes on.
/// Only the caller's own cancellation is thrown.
/// </summary>
public sealed class CustomerLookup(
    ICustomerDirectory directory,
    CustomerContextCache cache,
    IOptions<CrmOptions> options,
    RoutingMetrics metrics,
    TimeProvider time,
    ILogger<CustomerLookup> logger)
{
    private readonly CrmOptions _options = options.Value;

    /// <param name="address">The sender address, already normalised for the channel.</param>
    public async Task<CustomerContext> LookupAsync(string tenant, string channel, string address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        cancellationToken.ThrowIfCancellationRequested();

        var started = time.GetTimestamp();
        if (cache.TryGet(tenant, channel, address, out var cached))
        {
            metrics.CrmLookup(time.GetElapsedTime(started), "cached");
            return cached;
        }

        var erasures = cache.Erasures;
        using var timeout = new CancellationTokenSource(_options.LookupTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task<CustomerContext?>? pending = null;
        try
        {
            pending = directory.FindByAddressAsync(tenant, channel, address, linked.Token);

            // WaitAsync bounds the wait even for a directory that ignores its token.
            var found = await pending.WaitAsync(linked.Token).ConfigureAwait(false);
            var context = found ?? CustomerContext.Unknown;

            // A directory may itself answer with a partial context; like a failure, it is not kept.
            if (!context.Partial)
            {
                cache.Set(tenant, channel, address, context, found is null ? _options.NegativeCacheTtl : _options.CacheTtl, erasures);
            }

            metrics.CrmLookup(time.GetElapsedTime(started), found is null ? "unknown" : "found");
            return context;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever failed once the caller gave up, the caller hears its own cancellation.
            Observe(pending);
            throw new OperationCanceledException("The customer lookup was cancelled.", ex, cancellationToken);
        }
        catch (Exception ex)
        {
            // Not cached: the next contact of this sender tries the CRM again.
            Observe(pending);
            if (timeout.IsCancellationRequested)
            {
                metrics.CrmLookup(time.GetElapsedTime(started), "timeout");
                CrmLog.LookupTimedOut(logger, channel, tenant, _options.LookupTimeout.TotalMilliseconds);
            }
            else
            {
                metrics.CrmLookup(time.GetElapsedTime(started), "error");
                CrmLog.LookupFailed(logger, channel, tenant, ex);
            }

            return CustomerContext.Unavailable;
        }
    }

    // A lookup abandoned at the timeout may still fail later; its exception is observed so it does
    // not surface as an unobserved task exception.
    private static void Observe(Task? pending) =>
        pending?.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
