using System.Globalization;
using System.Text;

namespace Routing.Redis;

/// <summary>
/// The routing engine's timings and limits, as the Lua scripts receive them (ARGV[4]). Bound once
/// from the "Engine" configuration section; the same for every call of a node.
/// </summary>
public sealed record EngineSettings
{
    /// <summary>How long an agent has to answer an offer.</summary>
    public TimeSpan OfferTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an agent that declined (or let expire) a contact is not offered it again.</summary>
    public TimeSpan DeclineCooldown { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Offers expiring in a row that put the agent away (reason code "no_answer").</summary>
    public int MaxConsecutiveExpiries { get; init; } = 3;

    /// <summary>How long a contact waits for the agent of its open conversation before any agent may take it.</summary>
    public TimeSpan AffinityWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Parallel contacts of one customer (README "Parallel contacts of one customer"): how long a
    /// contact of a conversation whose other contact is offered to an agent waits for that agent
    /// (joined to the same offer as soon as the agent has room) before any agent may take it.
    /// Zero turns bundling off.
    /// </summary>
    public TimeSpan ParallelContactWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The head start of the CRM's preferred / last agent.</summary>
    public TimeSpan PreferredAgentWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Wrap-up after a completion (the slot stays busy), unless a channel sets its own.</summary>
    public TimeSpan WrapUp { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyDictionary<string, TimeSpan> WrapUpByChannel { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>How long a disconnected agent keeps its assignments before they return to the queue.</summary>
    public TimeSpan ReconnectGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How much waiting one priority point is worth (the same as ingest's).</summary>
    public TimeSpan PriorityWeight { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How far past the head of a queue matching looks for a suitable agent or contact.</summary>
    public int ScanLimit { get; init; } = 32;

    /// <summary>
    /// How long a completed or cancelled contact, its messages and timeline stay (Retention:Contacts);
    /// journeys forget contacts older than this. Set atomically by the scripts that finish a contact.
    /// </summary>
    public TimeSpan ContactRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The script argument.</summary>
    public string ToArgument()
    {
        var b = new StringBuilder();
        void Add(string key, double value) => b.Append(key).Append('=').Append(value.ToString("0", CultureInfo.InvariantCulture)).Append(',');
        Add("offer", OfferTimeout.TotalMilliseconds);
        Add("cool", DeclineCooldown.TotalMilliseconds);
        Add("noans", MaxConsecutiveExpiries);
        Add("affw", AffinityWait.TotalMilliseconds);
        Add("prefw", PreferredAgentWait.TotalMilliseconds);
        Add("parw", ParallelContactWait.TotalMilliseconds);
        Add("wrap", WrapUp.TotalMilliseconds);
        Add("grace", ReconnectGrace.TotalMilliseconds);
        Add("pw", PriorityWeight.TotalMilliseconds);
        Add("scan", ScanLimit);
        Add("ret", ContactRetention.TotalMilliseconds);
        foreach (var (channel, wrap) in WrapUpByChannel)
        {
            Add("wrap_" + channel, wrap.TotalMilliseconds);
        }

        return b.ToString(0, b.Length - 1);
    }
}
