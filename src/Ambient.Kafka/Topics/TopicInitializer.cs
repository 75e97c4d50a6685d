using Ambient.Kafka.Configuration;
using Ambient.Kafka.Internal;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Topics;

/// <summary>
/// Creates the Ambient topics that do not exist yet. Safe to run on every start and from several processes at
/// once: a topic that already exists (even with other settings) is left as it is.
/// </summary>
public sealed class TopicInitializer(IOptions<AmbientKafkaOptions> options, ILogger<TopicInitializer> logger)
{
    /// <summary>Creates every topic of <paramref name="layout"/> under <paramref name="topics"/>' names that is missing.</summary>
    /// <returns>The topics this call created, in layout order; the others already existed.</returns>
    /// <exception cref="KafkaOperationException">A topic could not be created (broker unreachable, timed out, refused); the message names each.</exception>
    /// <exception cref="InvalidOperationException">A pass-through admin setting (<c>Ambient:Kafka:Admin</c>) is unknown or invalid.</exception>
    public async Task<IReadOnlyList<string>> EnsureTopicsAsync(AmbientTopics topics, TopicLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var specifications = layout.Describe(topics)
            .DistinctBy(topic => topic.Name, StringComparer.Ordinal)
            .Select(topic => new TopicSpecification
            {
                Name = topic.Name,
                NumPartitions = topic.Partitions,
                ReplicationFactor = layout.ReplicationFactor,
                Configs = new Dictionary<string, string>(topic.Configs, StringComparer.Ordinal),
            })
            .ToList();

        using var admin = KafkaClientConfigs.Build("Admin", () => new AdminClientBuilder(KafkaClientConfigs.Admin(options.Value))
            .SetLogHandler((_, message) => logger.ClientMessage(message))
            .SetErrorHandler((_, error) => logger.ClientError(error))
            .Build());
        var existing = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await admin.CreateTopicsAsync(specifications).WaitAsync(cancellationToken);
        }
        catch (CreateTopicsException ex)
        {
            var failed = ex.Results.Where(r => r.Error.IsError && r.Error.Code != ErrorCode.TopicAlreadyExists).ToList();
            if (failed.Count > 0)
            {
                throw new KafkaOperationException(
                    $"Could not create topics at {options.Value.BootstrapServers}: {string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason} [{r.Error.Code}]"))}",
                    failed.Select(r => r.Topic).ToList(), failed.Any(r => r.Error.IsFatal), ex);
            }

            existing.UnionWith(ex.Results.Where(r => r.Error.Code == ErrorCode.TopicAlreadyExists).Select(r => r.Topic));
        }
        catch (KafkaException ex)
        {
            throw new KafkaOperationException(
                $"Could not create topics at {options.Value.BootstrapServers}: {ex.Error.Reason} [{ex.Error.Code}]",
                specifications.Select(s => s.Name).ToList(), ex.Error.IsFatal, ex);
        }

        var created = new List<string>();
        foreach (var specification in specifications)
        {
            if (existing.Contains(specification.Name))
            {
                logger.TopicExists(specification.Name);
            }
            else
            {
                created.Add(specification.Name);
                logger.TopicCreated(specification.Name, specification.NumPartitions);
            }
        }

        return created;
    }
}
