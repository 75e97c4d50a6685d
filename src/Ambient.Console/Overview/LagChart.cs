using System.Globalization;
using System.Text;
using Ambient.Supervisor.Pages;

namespace Ambient.Supervisor.Overview;

/// <summary>
/// Each agent's lag over the last hour as one line of an SVG chart, with a table of the same numbers for whoever cannot
/// see the chart (screen readers get the table, the chart is hidden from them).
/// </summary>
internal static class LagChart
{
    private const int Width = 720;
    private const int Height = 200;
    private static readonly string[] Colours = ["#0b3d5c", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490"];

    public static string Render(IReadOnlyDictionary<string, LagHistory> agents, DateTimeOffset now)
    {
        var series = agents.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (Agent: a.Key, Samples: a.Value.Samples)).Where(s => s.Samples.Count > 0).ToList();
        if (series.Count == 0)
        {
            return "<p>No lag sampled yet.</p>";
        }

        var max = Math.Max(1, series.Max(s => s.Samples.Max(p => p.Lag)));
        var start = now.AddHours(-1);
        var svg = new StringBuilder($"<svg id=\"lag-chart\" aria-hidden=\"true\" width=\"{Width}\" height=\"{Height + 20}\" viewBox=\"0 0 {Width} {Height + 20}\">");
        svg.Append($"<line x1=\"0\" y1=\"{Height}\" x2=\"{Width}\" y2=\"{Height}\" stroke=\"#999\"/><text x=\"0\" y=\"{Height + 15}\" font-size=\"11\">an hour ago</text>")
            .Append($"<text x=\"{Width - 30}\" y=\"{Height + 15}\" font-size=\"11\">now</text><text x=\"4\" y=\"12\" font-size=\"11\">{max.ToString("N0", CultureInfo.InvariantCulture)}</text>");
        var legend = new StringBuilder("<ul class=\"legend\">");
        for (var i = 0; i < series.Count; i++)
        {
            var (agent, samples) = series[i];
            var colour = Colours[i % Colours.Length];
            var points = string.Join(' ', samples.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{Math.Clamp((p.At - start).TotalSeconds / 3600 * Width, 0, Width):F1},{Height - ((double)p.Lag / max * (Height - 20)):F1}")));
            svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            legend.Append($"<li><span style=\"color:{colour}\">■</span> {Html.E(agent)}</li>");
        }

        var table = new StringBuilder("<details><summary>The numbers</summary><table><caption>Lag samples of the last hour</caption><thead><tr><th scope=\"col\">Agent</th>")
            .Append("<th scope=\"col\">Samples</th><th scope=\"col\">Lowest</th><th scope=\"col\">Highest</th><th scope=\"col\">Now</th></tr></thead><tbody>");
        foreach (var (agent, samples) in series)
        {
            table.Append(string.Create(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\">{Html.E(agent)}</th><td>{samples.Count}</td><td>{samples.Min(p => p.Lag)}</td><td>{samples.Max(p => p.Lag)}</td><td>{samples[^1].Lag}</td></tr>"));
        }

        return svg.Append("</svg>").Append(legend).Append("</ul>").Append(table).Append("</tbody></table></details>").ToString();
    }
}
