namespace Routing.Redis;

/// <summary>
/// The store's Lua scripts, embedded from Scripts/*.lua (each documents its KEYS and ARGV). Every
/// script is lib.lua (the engine's shared functions) followed by the script itself.
/// </summary>
internal static class LuaScripts
{
    private static readonly string Lib = Load("lib");

    public static readonly RedisScript Enqueue = new(WithLib("enqueue"));
    public static readonly RedisScript Cancel = new(WithLib("cancel"));
    public static readonly RedisScript Connect = new(WithLib("connect"));
    public static readonly RedisScript Status = new(WithLib("status"));
    public static readonly RedisScript Accept = new(WithLib("accept"));
    public static readonly RedisScript Decline = new(WithLib("decline"));
    public static readonly RedisScript Complete = new(WithLib("complete"));
    public static readonly RedisScript Transfer = new(WithLib("transfer"));
    public static readonly RedisScript Disconnect = new(WithLib("disconnect"));
    public static readonly RedisScript Sweep = new(WithLib("sweep"));
    public static readonly RedisScript ClaimWriteBack = new(Load("claim_writeback"));

    /// <summary>Every script, for loading them all at start-up.</summary>
    public static IReadOnlyList<RedisScript> All =>
        [Enqueue, Cancel, Connect, Status, Accept, Decline, Complete, Transfer, Disconnect, Sweep, ClaimWriteBack];

    private static string WithLib(string name) => Lib + "\n" + Load(name);

    private static string Load(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"Routing.Redis.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
