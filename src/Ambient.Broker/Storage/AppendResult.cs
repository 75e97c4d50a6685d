using Ambient.Broker.Protocol;

namespace Ambient.Broker.Storage;

/// <summary>Outcome of appending one produce partition: the first offset and append time, or an error.</summary>
internal readonly record struct AppendResult(ErrorCode Error, long BaseOffset, long LogAppendTime, string? Message = null)
{
    public static AppendResult Failed(ErrorCode error, string? message) => new(error, -1, -1, message);
}
