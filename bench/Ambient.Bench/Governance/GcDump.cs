using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ambient.Bench.Servers;

namespace Ambient.Bench.Governance;

/// <summary>
/// A heap dump of this process by <c>dotnet-gcdump</c> (a .NET global tool: <c>dotnet tool install -g dotnet-gcdump</c>),
/// summed up by type: which objects each parked run holds. Absent tool, no dump; the bench says so.
/// </summary>
internal static partial class GcDump
{
    /// <summary>Writes the dump to <paramref name="file"/> and returns the <paramref name="top"/> types by count as a markdown table, or why there is none.</summary>
    public static async Task<string> CollectAsync(FileInfo file, int parked, int top, CancellationToken cancellationToken)
    {
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        var tool = ServerLauncher.FindExecutable("dotnet-gcdump") ?? (File.Exists(home) ? home : null);
        if (tool is null)
        {
            return "dotnet-gcdump not found (install it with `dotnet tool install -g dotnet-gcdump`); no heap dump taken.";
        }

        var (collected, collectOutput) = await RunAsync(tool, ["collect", "-p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file.FullName], cancellationToken);
        if (!collected)
        {
            return $"dotnet-gcdump collect failed: {collectOutput.Trim()}";
        }

        var (reported, report) = await RunAsync(tool, ["report", file.FullName], cancellationToken);
        return reported ? Summarize(report, parked, top, file) : $"dotnet-gcdump report failed: {report.Trim()}";
    }

    // `dotnet-gcdump report` prints, per type, a size and the object count. The size is exact for an object of fixed size
    // (a class, not a string or an array); for strings and arrays it is one object's, not an average (the byte[] buckets
    // would exceed the heap), so only their counts are shown. The types with about one object or more per parked run
    // are what a parked run holds.
    private static string Summarize(string report, int parked, int top, FileInfo file)
    {
        var types = report.Split('\n').Select(line => RowPattern().Match(line)).Where(m => m.Success)
            .Select(m => (Type: m.Groups["type"].Value.Trim(), Count: Number(m.Groups["count"].Value), Size: Number(m.Groups["size"].Value)))
            .Where(t => t.Count >= parked * 9L / 10).OrderByDescending(t => t.Count).ThenBy(t => t.Type, StringComparer.Ordinal).Take(top).ToList();
        var heap = HeapPattern().Match(report) is { Success: true } h ? Number(h.Groups["bytes"].Value) : 0;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet-gcdump report {file.Name}`: {heap / 1048576.0:N0} MiB of managed heap. The types with at least 0.9 objects per parked run:");
        text.AppendLine();
        text.AppendLine("| type | objects | per parked run | bytes each (fixed-size types) |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (type, count, size) in types)
        {
            var fixedSize = type.Contains("[]", StringComparison.Ordinal) || type.StartsWith("System.String", StringComparison.Ordinal) ? "" : size.ToString("N0", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{type}` | {count:N0} | {count / (double)parked:N2} | {fixedSize} |");
        }

        return text.ToString();
    }

    private static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task<(bool Ok, string Output)> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode == 0, await output + await errors);
    }

    // "      1,083   300,090  System.Byte[] (Bytes > 1K)  [System.Private.CoreLib.dll]"
    [GeneratedRegex(@"^\s*(?<size>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>\S.*?)\s+\[[^\]]+\]\s*$")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapPattern();
}
