using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.Server.Tests;

/// <summary>Counts the "failed" routing.crm.writeback measurements of one host's meters.</summary>
internal sealed class WriteBackFailures : IDisposable
{
    private readonly MeterListener _listener = new();
    private int _count;

    public WriteBackFailures(IServiceProvider services)
    {
        // Only this host's meters: other tests run in parallel in the same process.
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == "routing.crm.writeback")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome" && tag.Value as string == "failed")
                {
                    Interlocked.Increment(ref _count);
                }
            }
        });
        _listener.Start();
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
