using System.CommandLine;
using System.Text.Json;
using Ambient.Kafka.Lag;

namespace Ambient.Cli.Commands;

/// <summary><c>ambient scale</c>: the replica count KEDA's Kafka trigger would ask the HPA for now, with the reasoning.</summary>
internal static class ScaleCommand
{
    public static Command Create()
    {
        var arguments = new ScalerArguments();
        var lagThreshold = new Option<long>("--lag-threshold") { Description = "Target lag per replica (KEDA lagThreshold, > 0).", Required = true };
        var activation = new Option<long>("--activation-lag-threshold") { Description = "Lag above which the scaler is active (KEDA activationLagThreshold). Default 0." };
        var allowIdle = new Option<bool>("--allow-idle-consumers") { Description = "Do not cap replicas at the partition count (KEDA allowIdleConsumers)." };
        var limitToLag = new Option<bool>("--limit-to-partitions-with-lag") { Description = "Cap replicas at the partitions that have lag; needs --topic (KEDA limitToPartitionsWithLag)." };
        var minReplicas = new Option<int>("--min-replicas") { Description = "The ScaledObject's minReplicaCount. Default 0." };
        var maxReplicas = new Option<int>("--max-replicas") { Description = "The ScaledObject's maxReplicaCount.", DefaultValueFactory = _ => KafkaScalerSettings.DefaultMaxReplicas };
        var command = new Command("scale", "Print the replica count KEDA's Kafka trigger would ask the HPA for now, and why.")
        {
            lagThreshold, activation, allowIdle, limitToLag, minReplicas, maxReplicas,
        };
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new KafkaScalerSettings
            {
                Topic = parse.GetValue(arguments.Topic),
                LagThreshold = parse.GetValue(lagThreshold),
                ActivationLagThreshold = parse.GetValue(activation),
                OffsetResetPolicy = parse.GetValue(arguments.OffsetResetPolicy),
                ScaleToZeroOnInvalidOffset = parse.GetValue(arguments.ScaleToZeroOnInvalidOffset),
                AllowIdleConsumers = parse.GetValue(allowIdle),
                LimitToPartitionsWithLag = parse.GetValue(limitToLag),
                MinReplicas = parse.GetValue(minReplicas),
                MaxReplicas = parse.GetValue(maxReplicas),
            };

            // Checked before connecting: a setting KEDA would reject is an argument error, whatever Kafka holds.
            if (settings.Problems() is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"error: {problem}");
                }

                return ExitCodes.InvalidArguments;
            }

            var (offsets, exitCode) = await arguments.ReadOffsetsAsync(parse, cancellationToken);
            if (offsets is null)
            {
                return exitCode;
            }

            var decision = KedaKafkaScaler.Decide(offsets, settings);
            var group = parse.GetValue(arguments.Group)!;
            var human = arguments.HumanOutput(parse);
            await LagTable.WriteAsync(human, group, decision.Partitions);
            foreach (var step in decision.Reasoning)
            {
                await human.WriteLineAsync($"- {step}");
            }

            await human.WriteLineAsync($"desired replicas: {decision.DesiredReplicas}");
            if (parse.GetValue(arguments.Json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    group,
                    totalLag = decision.TotalLag,
                    upperBound = decision.UpperBound,
                    metricValue = decision.MetricValue,
                    isActive = decision.IsActive,
                    desiredReplicas = decision.DesiredReplicas,
                    reasoning = decision.Reasoning,
                    partitions = decision.Partitions.Select(LagTable.ToJson),
                }, LagTable.JsonOptions));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
