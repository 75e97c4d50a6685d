using System.CommandLine;
using System.Text.Json;
using Ambient.Kafka.Lag;

namespace Ambient.Cli.Commands;

/// <summary><c>ambient lag</c>: each partition's committed offset, end offset and lag, counted exactly as KEDA's Kafka scaler does.</summary>
internal static class LagCommand
{
    public static Command Create()
    {
        var arguments = new ScalerArguments();
        var command = new Command("lag", "Show a consumer group's committed offset, end offset and lag per partition, as KEDA's Kafka scaler counts them.");
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (offsets, exitCode) = await arguments.ReadOffsetsAsync(parse, cancellationToken);
            if (offsets is null)
            {
                return exitCode;
            }

            var settings = new KafkaScalerSettings
            {
                Topic = parse.GetValue(arguments.Topic),
                OffsetResetPolicy = parse.GetValue(arguments.OffsetResetPolicy),
                ScaleToZeroOnInvalidOffset = parse.GetValue(arguments.ScaleToZeroOnInvalidOffset),
            };
            var lags = offsets.Select(o => KedaKafkaScaler.LagOf(o, settings)).ToList();
            var group = parse.GetValue(arguments.Group)!;
            await LagTable.WriteAsync(arguments.HumanOutput(parse), group, lags);
            if (parse.GetValue(arguments.Json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    group,
                    totalLag = lags.Sum(l => l.Lag),
                    partitions = lags.Select(LagTable.ToJson),
                }, LagTable.JsonOptions));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
