using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Confluent.Kafka;

namespace Ambient.Governance.Approvals;

/// <summary>
/// The approval requests as the topic's records make them, in log order. The first answer to a pending request wins:
/// a later answer (two approvers at once, Slack and the CLI) is not applied, so every reader of the same log agrees on
/// one answer, and a run is resumed by that one only. A request written again while pending keeps its first deadline.
/// Each request is held as its <see cref="ApprovalOutline"/> and read whole when asked for. Records arrive from one
/// reading thread; everything else may be called from any thread.
/// </summary>
public sealed class ApprovalBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ApprovalOutline> _records = new(StringComparer.Ordinal);

    // Agent names, topics and statuses repeat across requests: one copy of each.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads the approvals topic once, whole: the requests as they stand now (what <c>ambient approvals</c> lists and answers against).</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist, or Kafka did not answer in time; the message says which.</exception>
    public static Task<ApprovalBook> ReadAsync(AmbientKafkaOptions kafka, string topic, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var reader = new TopicReader(kafka);
        var metadata = reader.Describe(topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"the approvals topic {topic} does not exist ({metadata?.Error.Reason ?? "no metadata"}); `ambient topics init` creates it");
        }

        var book = new ApprovalBook();
        var starts = metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        if (!reader.Read(starts, record =>
        {
            book.Apply(record.Message.Key, record.Message.Value);
            return true;
        }, cancellationToken))
        {
            throw new InvalidOperationException($"Kafka did not deliver {topic} within {TopicReader.Timeout.TotalSeconds} s");
        }

        return book;
    }, cancellationToken);

    /// <summary>Completes at the next change: what the resumer and a waiting answer watch.</summary>
    public Task Changed => _changed.Task;

    /// <summary>How many requests the book holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>The request with <paramref name="id"/>, whole, or null.</summary>
    public ApprovalRecord? Find(string id)
    {
        ApprovalOutline? found;
        lock (_lock)
        {
            found = _records.GetValueOrDefault(id);
        }

        return found?.Read();
    }

    /// <summary>Every request, whole, newest first.</summary>
    public IReadOnlyList<ApprovalRecord> All()
    {
        List<ApprovalOutline> all;
        lock (_lock)
        {
            all = [.. _records.Values.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
        }

        return [.. all.Select(r => r.Read())];
    }

    /// <summary>The requests <paramref name="predicate"/> selects by their outline, whole (no ordering; the rest are not read).</summary>
    public IReadOnlyList<ApprovalRecord> Where(Func<ApprovalOutline, bool> predicate)
    {
        List<ApprovalOutline> selected;
        lock (_lock)
        {
            selected = [.. _records.Values.Where(predicate)];
        }

        return [.. selected.Select(r => r.Read())];
    }

    /// <summary>
    /// Applies one record (a tombstone removes the request). Returns null, or why it was not applied: it does not read,
    /// its id differs from its key, or it answers a request that already has its answer.
    /// </summary>
    public string? Apply(string? key, byte[]? value)
    {
        if (key is null)
        {
            return "a record without a key (an approval's key is its id)";
        }

        if (value is null || value.Length == 0)
        {
            return Change(() => _records.Remove(key));
        }

        if (ApprovalJson.Decode(value, out var problem) is not { } record)
        {
            return $"{key} is not an approval record: {problem}";
        }

        if (record.Id != key)
        {
            return $"{key} holds approval {record.Id}; an approval's key is its id";
        }

        lock (_lock)
        {
            if (_records.GetValueOrDefault(key) is { } existing)
            {
                if (!existing.IsPending)
                {
                    return record.Status == existing.Status && record.AnsweredBy == existing.AnsweredBy && record.AnsweredAt == existing.AnsweredAt
                        ? null
                        : $"{key} was already {existing.Status} by {existing.AnsweredBy}; a later {record.Status} by {record.AnsweredBy} is not applied";
                }

                if (record.IsPending)
                {
                    // The same call driven again asks again: its first request, and deadline, stand.
                    return null;
                }
            }
        }

        return Change(() => _records[key] = ApprovalOutline.Of(key, record, value, Shared));
    }

    // Called under _lock.
    private string Shared(string name)
    {
        if (!_names.TryGetValue(name, out var shared))
        {
            _names[name] = shared = name;
        }

        return shared;
    }

    private string? Change(Action change)
    {
        lock (_lock)
        {
            change();
        }

        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        return null;
    }
}
