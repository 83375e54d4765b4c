namespace Routing.Redis;

/// <summary>
/// The store's Lua scripts, embedded from Scripts/*.lua (each documents its KEYS and ARGV). Every
/// script is lib.lua (the engine's shared functions) followed by the script itself.
/// </summary>
internal static class LuaScripts
{
    private static readonly string Lib = Load("lib");

    public static readonly string Enqueue = WithLib("enqueue");
    public static readonly string Cancel = WithLib("cancel");
    public static readonly string Connect = WithLib("connect");
    public static readonly string Status = WithLib("status");
    public static readonly string Accept = WithLib("accept");
    public static readonly string Decline = WithLib("decline");
    public static readonly string Complete = WithLib("complete");
    public static readonly string Transfer = WithLib("transfer");
    public static readonly string Disconnect = WithLib("disconnect");
    public static readonly string Sweep = WithLib("sweep");
    public static readonly string ClaimWriteBack = Load("claim_writeback");

    /// <summary>Every script, for loading them all at start-up.</summary>
    public static IReadOnlyList<string> All =>
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
