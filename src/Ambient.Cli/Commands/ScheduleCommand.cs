using System.CommandLine;
using Ambient.Kafka;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Schedules;
using Ambient.Worker.Schedules;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient schedule run weekly-digest</c>: publishes the weekly digest tick now (what a Kubernetes
/// CronJob runs; <c>ambient up</c> can also run it on its own schedule).
/// </summary>
internal static class ScheduleCommand
{
    public static Command Create()
    {
        var bootstrap = KafkaConnection.BootstrapOption();
        var timeout = KafkaConnection.TimeoutOption();
        var recipients = new Option<string[]>("--recipients")
        {
            Description = "Who receives the digest (default: Ambient__Schedules__WeeklyDigest__Recipients__N, else repository-admins@example.com).",
            AllowMultipleArgumentsPerToken = true,
        };
        var run = new Command("run", "Run a schedule now.");
        var digest = new Command(WeeklyDigest.Name, "Aggregate the last seven days of GitHub events and publish the weekly-digest tick for the weekly-digest agent.")
        {
            bootstrap, timeout, recipients,
        };
        digest.SetAction(async (parse, cancellationToken) =>
        {
            var servers = parse.GetValue(bootstrap)!;
            var to = parse.GetValue(recipients) ?? [];
            using var host = await KafkaConnection.TryBuildHostAsync(servers, parse.GetValue(timeout), builder =>
            {
                builder.Services.AddOptions<WeeklyDigestOptions>().BindConfiguration(WeeklyDigestOptions.SectionName)
                    .Configure(options =>
                    {
                        foreach (var recipient in to)
                        {
                            options.Recipients.Add(recipient);
                        }
                    });
                builder.Services.AddSingleton(TimeProvider.System);
                builder.Services.AddSingleton<TopicWindowReader>();
                builder.Services.AddSingleton<WeeklyDigestPublisher>();
            });
            if (host is null)
            {
                return ExitCodes.InvalidArguments;
            }

            try
            {
                var tick = await host.Services.GetRequiredService<WeeklyDigestPublisher>().PublishAsync(TimeProvider.System.GetUtcNow(), cancellationToken);
                await Console.Out.WriteLineAsync($"Published {tick.Type} {tick.Id}");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is KafkaOperationException or Confluent.Kafka.KafkaException or TimeoutException)
            {
                return await KafkaConnection.ReportAsync(ex is KafkaOperationException ? ex : new KafkaOperationException(ex.Message, ex), servers);
            }
        });
        run.Subcommands.Add(digest);
        return new Command("schedule", "Run Ambient's schedules by hand.") { run };
    }
}
