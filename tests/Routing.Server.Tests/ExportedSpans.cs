using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Routing.Server.Tests;

/// <summary>Where the in-memory exporter puts finished spans; it adds from the host's threads while the test reads.</summary>
internal sealed class ExportedSpans : Collection<Activity>
{
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}
