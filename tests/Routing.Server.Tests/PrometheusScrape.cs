using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>One scrape of a Prometheus text exposition, read the way Prometheus reads it: over plain HTTP/1.1.</summary>
internal sealed partial class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples;

    private PrometheusScrape(List<(string, Dictionary<string, string>, double)> samples, string text)
    {
        _samples = samples;
        Text = text;
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> ReadAsync(Uri address)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, address) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.SendAsync(request).WaitAsync(TestTimeout.Short);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        var text = await response.Content.ReadAsStringAsync();
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var m = Sample().Match(line);
            Assert.True(m.Success, "not a Prometheus sample line: " + line);
            var labels = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value, StringComparer.Ordinal);
            samples.Add((m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return new PrometheusScrape(samples, text);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})?\\s+(?<value>\\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
