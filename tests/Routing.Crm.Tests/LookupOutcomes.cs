using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Routing.Crm.Tests;

/// <summary>Records the "outcome" of every routing.crm.lookup.duration measurement of one host's meters.</summary>
internal sealed class LookupOutcomes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _outcomes = new();

    public LookupOutcomes(IServiceProvider services)
    {
        // Only this host's meters: other tests run in parallel in the same process.
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == "routing.crm.lookup.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    _outcomes.Enqueue(tag.Value as string ?? "");
                }
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<string> All => [.. _outcomes];

    public void Dispose() => _listener.Dispose();
}
