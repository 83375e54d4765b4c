using System.Text;
using System.Text.RegularExpressions;

namespace Routing.Redis;

/// <summary>
/// A script as Redis runs it: the script file with the include files it pulls in (bullmq's
/// <c>--- @include "name"</c>, from Scripts/includes), each once, dependencies first, only what is
/// used. Keeps where every line came from, so an error Redis reports at "user_script:123" is
/// shown at the file and line it was written on.
/// </summary>
internal sealed partial class LuaSource
{
    private readonly List<(int FirstLine, int Lines, string File)> _segments;

    private LuaSource(string text, List<(int FirstLine, int Lines, string File)> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>The files in the order they were assembled (includes first, the script last).</summary>
    public IEnumerable<string> Files => _segments.Select(s => s.File);

    /// <summary>Assembles a script from <paramref name="load"/> ("name" or "includes/name" to file text).</summary>
    public static LuaSource Assemble(string script, Func<string, string> load)
    {
        var text = new StringBuilder();
        var segments = new List<(int, int, string)>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new Stack<string>();
        var line = 1;

        void Add(string file, string body)
        {
            foreach (Match include in IncludeMarker().Matches(body))
            {
                var name = "includes/" + include.Groups["name"].Value + ".lua";
                if (visiting.Contains(name))
                {
                    throw new InvalidOperationException($"{file} includes {name}, which includes {file}: includes must not form a cycle.");
                }

                if (done.Add(name))
                {
                    visiting.Push(name);
                    Add(name, load(name));
                    visiting.Pop();
                }
            }

            var body2 = body.EndsWith('\n') ? body : body + "\n";
            var lines = body2.Count(c => c == '\n');
            segments.Add((line, lines, file));
            text.Append(body2);
            line += lines;
        }

        var main = script + ".lua";
        done.Add(main);
        Add(main, load(main));
        return new LuaSource(text.ToString(), segments);
    }

    /// <summary>The file and line of a line of the assembled script (1-based).</summary>
    public (string File, int Line) Locate(int line)
    {
        foreach (var (first, lines, file) in _segments)
        {
            if (line >= first && line < first + lines)
            {
                return (file, line - first + 1);
            }
        }

        return ("?", line);
    }

    /// <summary>Rewrites every script line number in a Redis or Garnet error message as "file:line".</summary>
    public string MapError(string message) => ScriptLine().Replace(message, m =>
    {
        var (file, line) = Locate(int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
        return $"{file}:{line}";
    });

    [GeneratedRegex("""^--- @include "(?<name>[a-z_]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex IncludeMarker();

    // Redis: "user_script:123:"; Lua chunks named by their text (Garnet): [string "..."]:123:
    [GeneratedRegex("""(?:@?user_script|\[string "[^"]*"\]):(?<line>\d+)""")]
    private static partial Regex ScriptLine();
}
