namespace Ambient.Gateway.A2a;

/// <summary>A thread-safe map that forgets its least recently written entries beyond <paramref name="capacity"/>.</summary>
internal sealed class BoundedMap<T>(int capacity) where T : class
{
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, T>>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, T>> _byWrite = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; null removes it (a tombstone).</summary>
    public void Set(string key, T? value)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
            {
                _byWrite.Remove(old);
            }

            if (value is null)
            {
                return;
            }

            _entries[key] = _byWrite.AddLast(KeyValuePair.Create(key, value));
            while (_entries.Count > capacity && _byWrite.First is { } oldest)
            {
                _entries.Remove(oldest.Value.Key);
                _byWrite.RemoveFirst();
            }
        }
    }

    public T? Get(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var node) ? node.Value.Value : null;
        }
    }
}
