using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Ambient.Broker.Protocol;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Storage;

/// <summary>
/// All topics of the broker and their logs under <c>{data}/topics/{name}/{partition}/</c>, each topic
/// described by a <c>topic.json</c> manifest. Creation and deletion are serialized; lookups are lock-free.
/// </summary>
internal sealed class TopicStore : IDisposable
{
    private const string ManifestFile = "topic.json";
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _changeLock = new();
    private readonly string _root;
    private readonly IReadOnlyDictionary<string, string> _brokerDefaults;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TopicStore(string dataDirectory, IReadOnlyDictionary<string, string> brokerDefaults, TimeProvider time, ILogger logger)
    {
        _root = Path.Combine(dataDirectory, "topics");
        _brokerDefaults = brokerDefaults;
        _time = time;
        _logger = logger;
        Directory.CreateDirectory(_root);
    }

    /// <summary>Raised after a topic was deleted, so committed offsets for it can be dropped.</summary>
    public event Action<string>? TopicDeleted;

    public IEnumerable<Topic> All => _topics.Values;

    public Topic? Get(string name) => _topics.GetValueOrDefault(name);

    public PartitionLog? GetPartition(string topic, int partition) => Get(topic)?.GetPartition(partition);

    /// <summary>Loads every topic found on disk, recovering torn segment tails.</summary>
    public void Load()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (name.EndsWith(".deleted", StringComparison.Ordinal))
            {
                Directory.Delete(directory, recursive: true);
                continue;
            }

            var manifestPath = Path.Combine(directory, ManifestFile);
            if (!File.Exists(manifestPath))
            {
                _logger.LogTopicWithoutManifest(directory);
                continue;
            }

            var manifest = JsonSerializer.Deserialize<TopicManifest>(File.ReadAllText(manifestPath), s_json)
                ?? throw new InvalidDataException($"{manifestPath} is empty.");
            var config = TopicConfig.Create(manifest.Configs.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), _brokerDefaults, out var error);
            if (error is not null)
            {
                throw new InvalidDataException($"{manifestPath}: {error}");
            }

            _topics[name] = OpenTopic(name, manifest.Id, config, manifest.Partitions);
        }
    }

    /// <summary>Creates a topic (or only validates the request). Returns the error and a message for the client.</summary>
    public (ErrorCode Error, string? Message, Topic? Topic) Create(string name, int partitions, IReadOnlyDictionary<string, string?> configs, bool validateOnly)
    {
        if (TopicNames.Validate(name) is { } invalidName)
        {
            return (ErrorCode.InvalidTopicException, invalidName, null);
        }

        if (partitions <= 0 || partitions > 10_000)
        {
            return (ErrorCode.InvalidPartitions, $"Number of partitions must be between 1 and 10000, got {partitions}.", null);
        }

        var config = TopicConfig.Create(configs, _brokerDefaults, out var configError);
        if (configError is not null)
        {
            return (ErrorCode.InvalidConfig, configError, null);
        }

        lock (_changeLock)
        {
            if (_topics.ContainsKey(name))
            {
                return (ErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.", null);
            }

            if (validateOnly)
            {
                return (ErrorCode.None, null, null);
            }

            var id = Guid.NewGuid();
            var directory = Path.Combine(_root, name);
            Directory.CreateDirectory(directory);
            var manifest = new TopicManifest(id, partitions, config.Overrides.ToDictionary(kv => kv.Key, kv => kv.Value));
            WriteAtomically(Path.Combine(directory, ManifestFile), JsonSerializer.Serialize(manifest, s_json));
            var topic = OpenTopic(name, id, config, partitions);
            _topics[name] = topic;
            _logger.LogTopicCreated(name, partitions);
            return (ErrorCode.None, null, topic);
        }
    }

    public ErrorCode Delete(string name)
    {
        lock (_changeLock)
        {
            if (!_topics.TryRemove(name, out var topic))
            {
                return ErrorCode.UnknownTopicOrPartition;
            }

            foreach (var partition in topic.Partitions)
            {
                partition.Dispose();
            }

            // Rename first so a crash mid-delete never resurrects the topic, then remove the files.
            var directory = Path.Combine(_root, name);
            var doomed = directory + "." + topic.Id.ToString("N") + ".deleted";
            Directory.Move(directory, doomed);
            Directory.Delete(doomed, recursive: true);
            _logger.LogTopicDeleted(name);
        }

        TopicDeleted?.Invoke(name);
        return ErrorCode.None;
    }

    public void FlushAll()
    {
        foreach (var partition in _topics.Values.SelectMany(t => t.Partitions))
        {
            partition.Flush();
        }
    }

    public void Dispose()
    {
        foreach (var partition in _topics.Values.SelectMany(t => t.Partitions))
        {
            partition.Flush();
            partition.Dispose();
        }

        _topics.Clear();
    }

    private Topic OpenTopic(string name, Guid id, TopicConfig config, int partitionCount)
    {
        var partitions = new PartitionLog[partitionCount];
        for (var p = 0; p < partitionCount; p++)
        {
            var directory = Path.Combine(_root, name, p.ToString(CultureInfo.InvariantCulture));
            partitions[p] = PartitionLog.Open(name, p, directory, config, _time, truncation => _logger.LogTornTailTruncated(name, p, truncation));
        }

        return new Topic(name, id, config, partitions);
    }

    internal static void WriteAtomically(string path, string contents)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }
}
