using System.Globalization;
using System.Text.Json.Nodes;

namespace Ambient.Testing.Kubernetes;

/// <summary>
/// The fake API server's objects, as the real one keeps them where a client can tell: one resourceVersion sequence for
/// every change, a uid and creationTimestamp at creation, a generation that counts changes to anything but metadata and
/// status, status written only through the <c>status</c> subresource, optimistic concurrency on a given resourceVersion,
/// a bounded history that watches replay from (410 Gone before it). The garbage collector's work is done at once:
/// deletion cascades to dependents through their owner references' uid, and a dependent created when none of its owners
/// exists is deleted.
/// </summary>
internal sealed class FakeObjectStore
{
    private const int HistoryLimit = 2000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ApiPath Path, JsonObject Item)> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<(long Version, string Type, ApiPath Path, JsonObject Item)> _history = new();
    private readonly List<FakeWatch> _watches = [];
    private long _version;

    public JsonObject? Get(string path)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(path, out var entry) ? entry.Item.DeepClone().AsObject() : null;
        }
    }

    /// <summary>Puts <paramref name="item"/> at <paramref name="path"/> as given (a test's setup), filling what the server would.</summary>
    public void Put(ApiPath path, JsonObject item)
    {
        lock (_gate)
        {
            var exists = _objects.ContainsKey(path.Object);
            var metadata = Metadata(item);
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["generation"] ??= 1L;
            Store(exists ? "MODIFIED" : "ADDED", path, item, keepVersion: metadata["resourceVersion"] is not null);
        }
    }

    public JsonObject Create(ApiPath collection, JsonObject item)
    {
        var metadata = Metadata(item);
        if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
        {
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        var name = metadata["name"]?.GetValue<string>() ?? throw new FakeApiException(422, "Invalid", "metadata.name: Required value");
        var path = collection with { Name = name };
        lock (_gate)
        {
            if (_objects.ContainsKey(path.Object))
            {
                throw new FakeApiException(409, "AlreadyExists", $"{collection.Plural} \"{name}\" already exists");
            }

            return Created(path, item);
        }
    }

    /// <summary>PUT: replaces the object (or only its status), refusing a stale resourceVersion with 409.</summary>
    public JsonObject Replace(ApiPath path, JsonObject item)
    {
        lock (_gate)
        {
            var current = Current(path);
            var expected = Metadata(item)["resourceVersion"]?.GetValue<string>();
            if (expected is not null && expected != Metadata(current)["resourceVersion"]?.GetValue<string>())
            {
                throw FakeApiException.Conflict(path.Object);
            }

            var next = path.Subresource == "status" ? WithStatus(current, item["status"]) : Updated(current, item);
            return Store("MODIFIED", path, next);
        }
    }

    /// <summary>
    /// PATCH: a merge patch (merge and strategic merge alike) of the object or its status; a server-side apply creates
    /// the object when it is missing, else merges as the applier's fields win (lists replaced whole).
    /// </summary>
    public JsonObject Patch(ApiPath path, JsonObject patch, bool apply)
    {
        lock (_gate)
        {
            if (apply && !_objects.ContainsKey(path.Object))
            {
                Metadata(patch)["name"] ??= path.Name;
                return Created(path with { Subresource = null }, patch);
            }

            var current = Current(path);
            var expected = (patch["metadata"] as JsonObject)?["resourceVersion"]?.GetValue<string>();
            if (expected is not null && expected != Metadata(current)["resourceVersion"]?.GetValue<string>())
            {
                throw FakeApiException.Conflict(path.Object);
            }

            var merged = current.DeepClone().AsObject();
            JsonMergePatch.Apply(merged, patch);
            var next = path.Subresource == "status" ? WithStatus(current, merged["status"]) : Updated(current, merged);
            return Store("MODIFIED", path, next);
        }
    }

    /// <summary>DELETE: removes the object, then every object it owns (by uid), and theirs.</summary>
    public JsonObject Delete(ApiPath path)
    {
        lock (_gate)
        {
            var current = Current(path);
            Remove(path);
            return current;
        }
    }

    public JsonObject List(ApiPath collection, IReadOnlyDictionary<string, string> labels)
    {
        lock (_gate)
        {
            var items = _objects.Values.Where(e => collection.Holds(e.Path) && Matches(e.Item, labels)).OrderBy(e => e.Path.Object, StringComparer.Ordinal);
            return new JsonObject
            {
                ["kind"] = "List",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) },
                ["items"] = new JsonArray([.. items.Select(e => e.Item.DeepClone())]),
            };
        }
    }

    /// <summary>
    /// Opens a watch of <paramref name="collection"/>: from <paramref name="resourceVersion"/> (the changes after it, or
    /// 410 Gone when the history no longer reaches back), or without one the objects there now as ADDED, then every change.
    /// </summary>
    public FakeWatch Watch(ApiPath collection, IReadOnlyDictionary<string, string> labels, string? resourceVersion)
    {
        var watch = new FakeWatch(collection, labels);
        lock (_gate)
        {
            if (resourceVersion is null or "" or "0")
            {
                foreach (var (path, item) in _objects.Values.Where(e => collection.Holds(e.Path)))
                {
                    watch.Offer("ADDED", path, item);
                }
            }
            else
            {
                var from = long.Parse(resourceVersion, CultureInfo.InvariantCulture);
                if (_history.First is { } oldest && from < oldest.Value.Version - 1)
                {
                    watch.Fail(410, "Expired", $"too old resource version: {from} ({oldest.Value.Version - 1})");
                    return watch;
                }

                foreach (var change in _history.Where(c => c.Version > from))
                {
                    watch.Offer(change.Type, change.Path, change.Item);
                }
            }

            _watches.Add(watch);
            return watch;
        }
    }

    /// <summary>Stops following <paramref name="watch"/>.</summary>
    public void Close(FakeWatch watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }

        watch.End();
    }

    /// <summary>Ends every open watch, as an API server restart does; the clients must watch again from where they were.</summary>
    public void EndWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.End();
            }

            _watches.Clear();
        }
    }

    /// <summary>Forgets the history, so a watch from any earlier resourceVersion gets 410 Gone (as after compaction).</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _history.AddLast((++_version, "BOOKMARK", new ApiPath("/", null, "-", null, null), []));
        }
    }

    public static bool Matches(JsonObject item, IReadOnlyDictionary<string, string> labels) =>
        labels.All(l => (item["metadata"]?["labels"]?[l.Key] as JsonValue)?.ToString() == l.Value);

    private JsonObject Current(ApiPath path) =>
        _objects.TryGetValue(path.Object, out var entry) ? entry.Item : throw FakeApiException.NotFound($"{path.Plural} \"{path.Name}\"");

    private JsonObject Created(ApiPath path, JsonObject item)
    {
        var created = item.DeepClone().AsObject();
        var metadata = Metadata(created);
        if (path.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["generation"] = 1L;
        metadata["creationTimestamp"] = DateTimeOffset.UnixEpoch.AddSeconds(_version).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        created.Remove("status");
        var stored = Store("ADDED", path, created);
        if (metadata["ownerReferences"] is JsonArray { Count: > 0 } owners
            && !owners.Any(o => _objects.Values.Any(e => (string?)e.Item["metadata"]?["uid"] == (string?)o?["uid"])))
        {
            // The garbage collector deletes a dependent whose owners are all gone (say, created just after its owner's deletion).
            Remove(path);
        }

        return stored;
    }

    // A write to the object itself: status and the server's metadata stay; the generation counts changes to the rest.
    private static JsonObject Updated(JsonObject current, JsonObject next)
    {
        var updated = next.DeepClone().AsObject();
        var (before, after) = (Metadata(current), Metadata(updated));
        foreach (var key in new[] { "uid", "creationTimestamp", "namespace", "name", "generation" })
        {
            after[key] = before[key]?.DeepClone();
        }

        updated.Remove("status");
        if (current["status"] is { } status)
        {
            updated["status"] = status.DeepClone();
        }

        if (!JsonNode.DeepEquals(WithoutMetadataAndStatus(current), WithoutMetadataAndStatus(updated)))
        {
            after["generation"] = long.Parse(after["generation"]?.ToJsonString() ?? "0", CultureInfo.InvariantCulture) + 1;
        }

        return updated;
    }

    private static JsonObject WithStatus(JsonObject current, JsonNode? status)
    {
        var updated = current.DeepClone().AsObject();
        updated["status"] = status?.DeepClone();
        return updated;
    }

    private static JsonObject WithoutMetadataAndStatus(JsonObject item)
    {
        var copy = item.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private JsonObject Store(string type, ApiPath path, JsonObject item, bool keepVersion = false)
    {
        var key = path with { Subresource = null };
        _version = keepVersion ? Math.Max(_version, long.Parse(Metadata(item)["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture)) : _version + 1;
        if (!keepVersion)
        {
            Metadata(item)["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture);
        }

        _objects[key.Object] = (key, item);
        Record(type, key, item);
        return item.DeepClone().AsObject();
    }

    private void Remove(ApiPath path)
    {
        var key = path with { Subresource = null };
        if (!_objects.Remove(key.Object, out var entry))
        {
            return;
        }

        _version++;
        Record("DELETED", key, entry.Item);
        var uid = Metadata(entry.Item)["uid"]?.GetValue<string>();
        var dependents = _objects.Values
            .Where(e => e.Item["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => (string?)o?["uid"] == uid))
            .Select(e => e.Path).ToList();
        foreach (var dependent in dependents)
        {
            Remove(dependent);
        }
    }

    private void Record(string type, ApiPath path, JsonObject item)
    {
        _history.AddLast((_version, type, path, item.DeepClone().AsObject()));
        while (_history.Count > HistoryLimit)
        {
            _history.RemoveFirst();
        }

        foreach (var watch in _watches)
        {
            watch.Offer(type, path, item);
        }
    }

    private static JsonObject Metadata(JsonObject item)
    {
        if (item["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            item["metadata"] = metadata;
        }

        return metadata;
    }
}
