namespace Routing.Redis;

/// <summary>The store's Lua scripts, embedded from Scripts/*.lua (each documents its KEYS and ARGV).</summary>
internal static class LuaScripts
{
    public static readonly string Enqueue = Load("enqueue");
    public static readonly string Cancel = Load("cancel");

    /// <summary>Every script, for loading them all at start-up.</summary>
    public static IReadOnlyList<string> All => [Enqueue, Cancel];

    private static string Load(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"Routing.Redis.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
