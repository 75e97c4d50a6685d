using System.CommandLine;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Lag;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// The options <c>ambient lag</c> and <c>ambient scale</c> share: which group and topic, how KEDA's trigger counts an
/// uncommitted partition, <c>--json</c>, and the Kafka connection. Names follow the KEDA trigger metadata.
/// </summary>
internal sealed class ScalerArguments
{
    public Option<string> Group { get; } = new("--group") { Description = "Consumer group, e.g. ambient-agent-github-triage (KEDA consumerGroup).", Required = true };

    public Option<string?> Topic { get; } = new("--topic") { Description = "Topic (KEDA topic). Default: every topic the group has committed offsets for." };

    public Option<OffsetResetPolicy> OffsetResetPolicy { get; } = new("--offset-reset-policy")
    {
        Description = "How an uncommitted partition counts: latest = lag 1, earliest = its end offset (KEDA offsetResetPolicy).",
        DefaultValueFactory = _ => Kafka.Lag.OffsetResetPolicy.Latest,
    };

    public Option<bool> ScaleToZeroOnInvalidOffset { get; } = new("--scale-to-zero-on-invalid-offset") { Description = "An uncommitted partition counts lag 0 (KEDA scaleToZeroOnInvalidOffset)." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON on stdout (human output goes to stderr)." };

    public Option<string> Bootstrap { get; } = KafkaConnection.BootstrapOption();

    public Option<int> Timeout { get; } = KafkaConnection.TimeoutOption();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Group, Topic, OffsetResetPolicy, ScaleToZeroOnInvalidOffset, Json, Bootstrap, Timeout })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the group's offsets; on failure prints why and returns the exit code instead.</summary>
    public async Task<(IReadOnlyList<PartitionOffsets>? Offsets, int ExitCode)> ReadOffsetsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var servers = parse.GetValue(Bootstrap)!;
        var timeoutMs = parse.GetValue(Timeout);
        using var host = await KafkaConnection.TryBuildHostAsync(servers, timeoutMs);
        if (host is null)
        {
            return (null, ExitCodes.InvalidArguments);
        }

        using var reader = new ConsumerGroupOffsetsReader(host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value);
        try
        {
            var offsets = await reader.ReadAsync(parse.GetValue(Group)!, parse.GetValue(Topic), TimeSpan.FromMilliseconds(timeoutMs), cancellationToken);
            return (offsets, ExitCodes.Success);
        }
        catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
        {
            return (null, await KafkaConnection.ReportAsync(ex, servers));
        }
    }

    /// <summary>Where human-readable output goes: stderr when <c>--json</c> owns stdout.</summary>
    public TextWriter HumanOutput(ParseResult parse) => parse.GetValue(Json) ? Console.Error : Console.Out;
}
