namespace Routing.Redis;

/// <summary>
/// The store's Lua scripts, embedded from Scripts/*.lua (each documents its KEYS, ARGV and reply)
/// with the include files each pulls in from Scripts/includes (see <see cref="LuaSource"/>).
/// </summary>
internal static class LuaScripts
{
    public static readonly RedisScript Enqueue = Load("enqueue");
    public static readonly RedisScript Cancel = Load("cancel");
    public static readonly RedisScript Connect = Load("connect");
    public static readonly RedisScript Status = Load("status");
    public static readonly RedisScript Accept = Load("accept");
    public static readonly RedisScript Decline = Load("decline");
    public static readonly RedisScript Complete = Load("complete");
    public static readonly RedisScript Transfer = Load("transfer");
    public static readonly RedisScript Disconnect = Load("disconnect");
    public static readonly RedisScript Sweep = Load("sweep");
    public static readonly RedisScript ClaimWriteBack = Load("claim_writeback");
    public static readonly RedisScript ConfirmWriteBack = Load("confirm_writeback");
    public static readonly RedisScript Audit = Load("audit");
    public static readonly RedisScript Erase = Load("erase");
    public static readonly RedisScript PublishStrategies = Load("publish_strategies");
    public static readonly RedisScript MoveContact = Load("move_contact");
    public static readonly RedisScript ContactPriority = Load("contact_priority");
    public static readonly RedisScript ForceStatus = Load("force_status");
    public static readonly RedisScript AgentProfile = Load("agent_profile");
    public static readonly RedisScript ConsentUpdate = Load("consent_update");
    public static readonly RedisScript ConsentConfirm = Load("consent_confirm");
    public static readonly RedisScript OutboundQueue = Load("outbound_queue");
    public static readonly RedisScript OutboundClaim = Load("outbound_claim");
    public static readonly RedisScript OutboundAck = Load("outbound_ack");
    public static readonly RedisScript OutboundSweep = Load("outbound_sweep");
    public static readonly RedisScript OutreachQueue = Load("outreach_queue");
    public static readonly RedisScript OutreachRelease = Load("outreach_release");

    /// <summary>Every script, for loading them all at start-up.</summary>
    public static IReadOnlyList<RedisScript> All =>
        [Enqueue, Cancel, Connect, Status, Accept, Decline, Complete, Transfer, Disconnect, Sweep, ClaimWriteBack, ConfirmWriteBack, Audit, Erase, PublishStrategies, MoveContact, ContactPriority, ForceStatus, AgentProfile, OutboundQueue, OutboundClaim, OutboundAck, OutboundSweep, OutreachQueue, OutreachRelease, ConsentUpdate, ConsentConfirm];

    public static RedisScript Load(string name) => new(name, LuaSource.Assemble(name, ReadFile));

    /// <summary>An embedded script file: "accept.lua" or "includes/offer.lua".</summary>
    public static string ReadFile(string file)
    {
        var resource = "Routing.Redis.Scripts." + file.Replace('/', '.');
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {file} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
