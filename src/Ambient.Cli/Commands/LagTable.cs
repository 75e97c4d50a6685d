using System.Globalization;
using System.Text.Json;
using Ambient.Kafka.Lag;

namespace Ambient.Cli.Commands;

/// <summary>How <c>ambient lag</c> and <c>ambient scale</c> print partitions: an aligned table for people, camelCase JSON for scripts.</summary>
internal static class LagTable
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(TextWriter output, string group, IReadOnlyList<PartitionLag> lags)
    {
        if (lags.Count == 0)
        {
            await output.WriteLineAsync($"group {group}: no partitions (no topic given and no committed offsets).");
            return;
        }

        var width = Math.Max("TOPIC".Length, lags.Max(l => l.Offsets.Topic.Length));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"TOPIC".PadRight(width)}  PARTITION  {"COMMITTED",12}  {"END",12}  {"LAG",10}  RULE"));
        foreach (var lag in lags)
        {
            var committed = lag.Offsets.Committed?.ToString(CultureInfo.InvariantCulture) ?? "-";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{lag.Offsets.Topic.PadRight(width)}  {lag.Offsets.Partition,9}  {committed,12}  {lag.Offsets.End,12}  {lag.Lag,10}  {lag.Rule}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"group {group}: total lag {lags.Sum(l => l.Lag)} over {lags.Count} partition(s)."));
    }

    public static object ToJson(PartitionLag lag) => new
    {
        topic = lag.Offsets.Topic,
        partition = lag.Offsets.Partition,
        committed = lag.Offsets.Committed,
        end = lag.Offsets.End,
        lag = lag.Lag,
        rule = lag.Rule,
    };
}
