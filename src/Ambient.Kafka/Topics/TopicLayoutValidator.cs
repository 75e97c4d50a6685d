using System.Globalization;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Topics;

/// <summary>
/// Checks the topics a process needs (<see cref="TopicRequirements"/>) before it uses them: each exists, has its layout's
/// <c>cleanup.policy</c>, and the topics written by input partition have a partition for every input partition. A
/// checkpoints topic that Kafka auto-created (one partition, <c>cleanup.policy=delete</c>: any client asking for its
/// metadata before <c>ambient topics init</c> makes one) is found here, not when a run cannot be checkpointed. Metadata
/// is asked for without auto-creation, so checking never creates a topic. Without permission to describe topic configs
/// the policies are not checked (a warning says so); the partitions still are.
/// </summary>
public sealed class TopicLayoutValidator(IOptions<AmbientKafkaOptions> options)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    /// <summary>Checks <paramref name="requirements"/> against the cluster.</summary>
    /// <exception cref="KafkaOperationException">Kafka could not be asked (unreachable, timed out).</exception>
    public Task<TopicLayoutReport> CheckAsync(TopicRequirements requirements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        return KafkaThreads.RunAsync(() =>
        {
            try
            {
                return Check(requirements);
            }
            catch (KafkaException ex)
            {
                throw new KafkaOperationException($"Could not read the topics at {options.Value.BootstrapServers} to check them: {ex.Error.Reason} [{ex.Error.Code}]",
                    [.. requirements.Topics.Select(t => t.Name)], ex.Error.IsFatal, ex);
            }
        }, cancellationToken);
    }

    private TopicLayoutReport Check(TopicRequirements requirements)
    {
        var config = KafkaClientConfigs.Reader(options.Value);
        config.AllowAutoCreateTopics = false;
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var warnings = new List<string>();
        var metadata = requirements.Topics.ToDictionary(t => t.Name, t => admin.GetMetadata(t.Name, s_timeout).Topics.SingleOrDefault(m => m.Topic == t.Name),
            StringComparer.Ordinal);

        var partitions = metadata.Where(m => m.Value is { Partitions.Count: > 0 }).ToDictionary(m => m.Key, m => m.Value!.Partitions.Count, StringComparer.Ordinal);
        var policies = Policies(admin, [.. partitions.Keys], warnings);
        var widestInput = requirements.Inputs.Where(partitions.ContainsKey).OrderByDescending(i => partitions[i]).FirstOrDefault();
        var problems = new List<TopicProblem>();
        foreach (var topic in requirements.Topics)
        {
            if (metadata[topic.Name]?.Error is { Code: ErrorCode.TopicAuthorizationFailed } denied)
            {
                problems.Add(new TopicProblem(topic, Exists: true, 0, null, null, Denied: denied.Reason));
                continue;
            }

            if (!partitions.TryGetValue(topic.Name, out var count))
            {
                var needed = requirements.ByInputPartition.Contains(topic.Name) && widestInput is not null ? partitions[widestInput] : (int?)null;
                problems.Add(new TopicProblem(topic, Exists: false, 0, null, null, needed));
                continue;
            }

            var tooFew = requirements.ByInputPartition.Contains(topic.Name) && widestInput is not null && partitions[widestInput] > count;
            var policy = policies.GetValueOrDefault(topic.Name);
            var wanted = topic.Configs.GetValueOrDefault(TopicRequirements.CleanupPolicy) ?? "delete";
            var wrongPolicy = policy is not null && IsCompacted(policy) != IsCompacted(wanted);
            if (tooFew || wrongPolicy)
            {
                problems.Add(new TopicProblem(topic, Exists: true, count, policy, Records(consumer, topic.Name, count),
                    tooFew ? partitions[widestInput!] : null,
                    tooFew ? string.Create(CultureInfo.InvariantCulture, $"one for each partition of {widestInput} ({partitions[widestInput!]}), since the records of input partition P go to its partition P") : null,
                    wrongPolicy ? wanted : null));
            }
        }

        return new TopicLayoutReport(options.Value.BootstrapServers, requirements, problems, warnings);
    }

    /// <summary>Compaction keeps only each key's newest record; <c>compact,delete</c> compacts too.</summary>
    internal static bool IsCompacted(string policy) => policy.Split(',', StringSplitOptions.TrimEntries).Contains("compact", StringComparer.Ordinal);

    private static Dictionary<string, string> Policies(IAdminClient admin, List<string> topics, List<string> warnings)
    {
        var policies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (topics.Count == 0)
        {
            return policies;
        }

        List<(string Topic, Dictionary<string, ConfigEntryResult> Entries)> results;
        try
        {
            results = [.. admin.DescribeConfigsAsync(topics.Select(t => new ConfigResource { Type = ResourceType.Topic, Name = t }),
                new DescribeConfigsOptions { RequestTimeout = s_timeout }).GetAwaiter().GetResult().Select(r => (r.ConfigResource.Name, r.Entries))];
        }
        catch (DescribeConfigsException ex)
        {
            results = [.. ex.Results.Where(r => !r.Error.IsError).Select(r => (r.ConfigResource.Name, r.Entries))];
            warnings.AddRange(ex.Results.Where(r => r.Error.IsError).Select(r =>
                $"cleanup.policy of '{r.ConfigResource.Name}' not checked: {r.Error.Reason} [{r.Error.Code}]{(r.Error.Code is ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed ? " (grant this client DescribeConfigs on the topic to have it checked)" : string.Empty)}"));
        }
        catch (KafkaException ex)
        {
            warnings.Add($"cleanup.policy of the topics not checked: {ex.Error.Reason} [{ex.Error.Code}]");
            return policies;
        }

        foreach (var (topic, entries) in results)
        {
            if (entries.TryGetValue(TopicRequirements.CleanupPolicy, out var entry) && entry.Value is { } value)
            {
                policies[topic] = value;
            }
        }

        return policies;
    }

    private static long Records(IConsumer<Ignore, Ignore> consumer, string topic, int partitions) => Enumerable.Range(0, partitions)
        .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), s_timeout))
        .Sum(w => w.High.Value - w.Low.Value);
}
