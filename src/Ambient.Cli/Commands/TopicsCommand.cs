using System.CommandLine;
using Ambient.Abstractions.Topics;
using Ambient.Kafka;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary><c>ambient topics init</c>: creates the Ambient topics that are missing, with the default layout.</summary>
internal static class TopicsCommand
{
    public static Command Create()
    {
        var bootstrap = KafkaConnection.BootstrapOption();
        var timeout = KafkaConnection.TimeoutOption();
        var init = new Command("init", "Create every Ambient topic that does not exist yet (names from Ambient__Topics__* variables); existing topics are left as they are.")
        {
            bootstrap, timeout,
        };
        init.SetAction(async (parse, cancellationToken) =>
        {
            var servers = parse.GetValue(bootstrap)!;
            using var host = await KafkaConnection.TryBuildHostAsync(servers, parse.GetValue(timeout));
            if (host is null)
            {
                return ExitCodes.InvalidArguments;
            }

            var topics = host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;
            IReadOnlyList<string> created;
            try
            {
                created = await host.Services.GetRequiredService<TopicInitializer>().EnsureTopicsAsync(topics, TopicLayout.Default, cancellationToken);
            }
            catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
            {
                return await KafkaConnection.ReportAsync(ex, servers);
            }

            var layout = TopicLayout.Default.Describe(topics).DistinctBy(topic => topic.Name).ToList();
            foreach (var topic in layout)
            {
                await Console.Out.WriteLineAsync(created.Contains(topic.Name)
                    ? $"created  {topic.Name} ({topic.Partitions} partition{(topic.Partitions == 1 ? string.Empty : "s")})"
                    : $"present  {topic.Name}");
            }

            await Console.Out.WriteLineAsync($"{created.Count} created, {layout.Count - created.Count} already present at {servers}.");
            return ExitCodes.Success;
        });
        return new Command("topics", "Manage Ambient's Kafka topics.") { init };
    }
}
