using System.Globalization;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Topics;

/// <summary>
/// Repairs what <see cref="TopicLayoutValidator"/> found, where that loses no record (<c>ambient topics init --repair</c>):
/// <list type="bullet">
/// <item>a missing topic is created;</item>
/// <item>an empty topic with too few partitions or the wrong <c>cleanup.policy</c> (what Kafka's auto-creation makes of the
/// checkpoints topic) is deleted and created again as the layout has it;</item>
/// <item>a topic with records gets the partitions it lacks (CreatePartitions: only topics Ambient writes to a named partition
/// lack any, so their records stay where they belong) and its <c>cleanup.policy</c> set (IncrementalAlterConfigs), where the
/// brokers support those requests; otherwise the result says how to do it by hand.</item>
/// </list>
/// An input topic never gets partitions added: that would move keys to other partitions and break their order. Run it with
/// the workers stopped: a worker writing to a topic between the check and the repair would make it non-empty.
/// </summary>
public sealed class TopicLayoutRepairer(IOptions<AmbientKafkaOptions> options)
{
    private static readonly TimeSpan s_recreateLimit = TimeSpan.FromSeconds(60);

    /// <summary>Repairs each problem of <paramref name="report"/> that can be repaired safely; says what it did with each.</summary>
    public async Task<IReadOnlyList<TopicRepair>> RepairAsync(TopicLayoutReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var admin = KafkaClientConfigs.Build("Admin", () => new AdminClientBuilder(KafkaClientConfigs.Admin(options.Value)).Build());
        var repairs = new List<TopicRepair>();
        foreach (var problem in report.Problems)
        {
            repairs.Add(problem switch
            {
                { Denied: not null } => new TopicRepair(problem.Topic, false, "this client may not describe it"),
                { Exists: false } => await CreateAsync(admin, problem, "created", cancellationToken),
                { Records: 0 } => await RecreateAsync(admin, problem, cancellationToken),
                _ => await AlterAsync(admin, problem),
            });
        }

        return repairs;
    }

    private static async Task<TopicRepair> RecreateAsync(IAdminClient admin, TopicProblem problem, CancellationToken cancellationToken)
    {
        try
        {
            await admin.DeleteTopicsAsync([problem.Topic]);
        }
        catch (DeleteTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
        {
            // Already gone.
        }
        catch (KafkaException ex)
        {
            return new TopicRepair(problem.Topic, false, $"could not delete it: {ex.Error.Reason}");
        }

        return await CreateAsync(admin, problem, $"was empty ({problem.Has}): deleted and created again", cancellationToken);
    }

    private static async Task<TopicRepair> CreateAsync(IAdminClient admin, TopicProblem problem, string done, CancellationToken cancellationToken)
    {
        var partitions = Math.Max(problem.Definition.Partitions, problem.NeededPartitions ?? 0);
        var specification = new TopicSpecification
        {
            Name = problem.Topic,
            NumPartitions = partitions,
            ReplicationFactor = -1,
            Configs = new Dictionary<string, string>(problem.Definition.Configs, StringComparer.Ordinal),
        };

        // A deleted topic lingers on a real cluster until every broker has removed it: creating it fails meanwhile.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(s_recreateLimit);
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks)))
        {
            try
            {
                await admin.CreateTopicsAsync([specification]);
                return new TopicRepair(problem.Topic, true, string.Create(CultureInfo.InvariantCulture,
                    $"{done} with {partitions} partitions, cleanup.policy={specification.Configs.GetValueOrDefault(TopicRequirements.CleanupPolicy, "delete")}"));
            }
            catch (CreateTopicsException ex) when (ex.Results.Any(r => r.Error.Code == ErrorCode.TopicAlreadyExists) && !limit.IsCancellationRequested)
            {
                await Task.Delay(delay, limit.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (KafkaException ex)
            {
                return new TopicRepair(problem.Topic, false, $"could not create it: {ex.Error.Reason}");
            }
        }
    }

    private static async Task<TopicRepair> AlterAsync(IAdminClient admin, TopicProblem problem)
    {
        var done = new List<string>();
        var failed = new List<string>();
        if (problem.NeededPartitions is { } partitions)
        {
            try
            {
                await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = problem.Topic, IncreaseTo = partitions }]);
                done.Add(string.Create(CultureInfo.InvariantCulture, $"partitions added: {problem.Partitions} -> {partitions}"));
            }
            catch (KafkaException ex)
            {
                failed.Add(string.Create(CultureInfo.InvariantCulture, $"could not add partitions ({Reason(ex)}); it holds {Records(problem)}, so it is not recreated"));
            }
        }

        if (problem.NeededCleanupPolicy is { } policy)
        {
            try
            {
                var resource = new ConfigResource { Type = ResourceType.Topic, Name = problem.Topic };
                await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
                {
                    [resource] = [new ConfigEntry { Name = TopicRequirements.CleanupPolicy, Value = policy, IncrementalOperation = AlterConfigOpType.Set }],
                });
                done.Add($"cleanup.policy set to {policy}");
            }
            catch (KafkaException ex)
            {
                failed.Add(string.Create(CultureInfo.InvariantCulture, $"could not set cleanup.policy ({Reason(ex)}); it holds {Records(problem)}, so it is not recreated"));
            }
        }

        return new TopicRepair(problem.Topic, failed.Count == 0, string.Join("; ", [.. done, .. failed]));
    }

    private static string Records(TopicProblem problem) => problem.Records == 1 ? "1 record" : string.Create(CultureInfo.InvariantCulture, $"{problem.Records} records");

    private static string Reason(KafkaException ex) => ex switch
    {
        CreatePartitionsException partitions when partitions.Results.FirstOrDefault(r => r.Error.IsError) is { } result => result.Error.Reason,
        IncrementalAlterConfigsException configs when configs.Results.FirstOrDefault(r => r.Error.IsError) is { } result => result.Error.Reason,
        _ => ex.Error.Reason,
    };
}
