using System.Globalization;

namespace Ambient.Broker.Storage;

/// <summary>
/// The offset below which a partition's segments are known to be on disk (Kafka's recovery point).
/// Segments are flushed in the background after they roll, so at start-up only segments that may hold
/// offsets at or above this point need their CRCs checked.
/// </summary>
internal sealed class RecoveryPoint
{
    private const string FileName = "recovery-point";
    private readonly Lock _lock = new();
    private readonly string _path;

    private RecoveryPoint(string path, long offset)
    {
        _path = path;
        Offset = offset;
    }

    public long Offset { get; private set; }

    public static RecoveryPoint Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var offset = File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        return new RecoveryPoint(path, offset);
    }

    /// <summary>Records that everything below <paramref name="offset"/> is durable.</summary>
    public void Advance(long offset)
    {
        lock (_lock)
        {
            if (offset <= Offset)
            {
                return;
            }

            Offset = offset;
            TopicStore.WriteAtomically(_path, offset.ToString(CultureInfo.InvariantCulture));
        }
    }
}
