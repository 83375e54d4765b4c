using System.Globalization;
using System.Net;
using System.Text;

namespace Routing.Simulator;

/// <summary>A self-contained HTML page (inline SVG, no scripts): enqueue-to-offer latency over time, and its histogram.</summary>
public static class ReportChart
{
    private const int Width = 900;
    private const int Height = 280;
    private const int Margin = 50;

    public static string Html(SimulationReport report, IReadOnlyList<(int Second, int Count, double P50, double P99)> timeline, IReadOnlyList<double> latencies)
    {
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Routing simulation ").Append(WebUtility.HtmlEncode(report.RunId)).Append("</title>");
        b.Append("<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}text{font-size:11px}</style></head><body>");
        b.Append("<h1>Routing simulation</h1><pre>").Append(WebUtility.HtmlEncode(report.ToText())).Append("</pre>");
        b.Append("<h2>Enqueue-to-offer latency over time (p50 blue, p99 red, ms)</h2>");
        b.Append(LineChart(timeline));
        b.Append("<h2>Enqueue-to-offer latency histogram (ms, log buckets)</h2>");
        b.Append(Histogram(latencies));
        b.Append("</body></html>");
        return b.ToString();
    }

    private static string LineChart(IReadOnlyList<(int Second, int Count, double P50, double P99)> points)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\">");
        if (points.Count > 0)
        {
            var maxX = Math.Max(1, points[^1].Second);
            var maxY = Math.Max(1, points.Max(p => p.P99));
            double X(double s) => Margin + (s / maxX * (Width - (2 * Margin)));
            double Y(double ms) => Height - Margin - (ms / maxY * (Height - (2 * Margin)));
            Axes(svg, $"0-{maxX} s", $"{maxY:F1} ms");
            foreach (var (series, color) in new[] { (points.Select(p => (p.Second, p.P50)), "#1f77b4"), (points.Select(p => (p.Second, p.P99)), "#d62728") })
            {
                svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"1.5\" points=\"");
                foreach (var (second, ms) in series)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"{X(second):F1},{Y(ms):F1} ");
                }

                svg.Append("\"/>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Histogram(IReadOnlyList<double> latencies)
    {
        // Buckets: < 0.5 ms, then doubling up to 32 s.
        var edges = new List<double> { 0.5 };
        while (edges[^1] < 32_000)
        {
            edges.Add(edges[^1] * 2);
        }

        var counts = new int[edges.Count + 1];
        foreach (var ms in latencies)
        {
            var i = edges.FindIndex(e => ms < e);
            counts[i < 0 ? edges.Count : i]++;
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\">");
        var max = Math.Max(1, counts.Max());
        var barWidth = (Width - (2.0 * Margin)) / counts.Length;
        Axes(svg, "latency", $"{max} contacts");
        for (var i = 0; i < counts.Length; i++)
        {
            var h = (double)counts[i] / max * (Height - (2 * Margin));
            var x = Margin + (i * barWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 1:F1}\" y=\"{Height - Margin - h:F1}\" width=\"{barWidth - 2:F1}\" height=\"{h:F1}\" fill=\"#1f77b4\"/>");
            var label = i < edges.Count ? $"<{edges[i]:0.#}" : $">={edges[^1]:0}";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 2:F1}\" y=\"{Height - Margin + 14}\">{label}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Axes(StringBuilder svg, string xLabel, string yLabel)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Margin}\" y1=\"{Height - Margin}\" x2=\"{Width - Margin}\" y2=\"{Height - Margin}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Margin}\" y1=\"{Margin}\" x2=\"{Margin}\" y2=\"{Height - Margin}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Margin - 60}\" y=\"{Height - 10}\">{WebUtility.HtmlEncode(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"5\" y=\"{Margin - 10}\">{WebUtility.HtmlEncode(yLabel)}</text>");
    }
}
