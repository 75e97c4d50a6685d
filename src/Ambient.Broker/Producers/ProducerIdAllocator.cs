using System.Globalization;
using Ambient.Broker.Storage;

namespace Ambient.Broker.Producers;

/// <summary>
/// Hands out producer ids for InitProducerId. Ids are reserved on disk in blocks, so a restart never
/// hands out an id that a producer from before the restart may still be using.
/// </summary>
internal sealed class ProducerIdAllocator
{
    private const long BlockSize = 1000;
    private readonly Lock _lock = new();
    private readonly string _path;
    private long _next;
    private long _reservedUpTo;

    public ProducerIdAllocator(string dataDirectory, long minimumNext)
    {
        _path = Path.Combine(dataDirectory, "producer-ids");
        var persisted = File.Exists(_path) ? long.Parse(File.ReadAllText(_path).Trim(), CultureInfo.InvariantCulture) : 0;
        _next = Math.Max(persisted, minimumNext);
        _reservedUpTo = _next;
    }

    public long Allocate()
    {
        lock (_lock)
        {
            if (_next >= _reservedUpTo)
            {
                _reservedUpTo = _next + BlockSize;
                TopicStore.WriteAtomically(_path, _reservedUpTo.ToString(CultureInfo.InvariantCulture));
            }

            return _next++;
        }
    }
}
