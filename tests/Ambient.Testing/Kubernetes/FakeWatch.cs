using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Ambient.Testing.Kubernetes;

/// <summary>One open watch: the changes of its collection (matching its label selector), as the lines the API server streams.</summary>
internal sealed class FakeWatch(ApiPath collection, IReadOnlyDictionary<string, string> labels)
{
    private readonly Channel<JsonObject> _lines = Channel.CreateUnbounded<JsonObject>();

    public ChannelReader<JsonObject> Lines => _lines.Reader;

    /// <summary>Queues <paramref name="item"/>'s change when the watch follows it.</summary>
    public void Offer(string type, ApiPath path, JsonObject item)
    {
        if (collection.Holds(path) && FakeObjectStore.Matches(item, labels))
        {
            _lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = item.DeepClone() });
        }
    }

    /// <summary>Sends a watch ERROR carrying a Status (410 Gone for a resourceVersion too old), then ends.</summary>
    public void Fail(int code, string reason, string message)
    {
        _lines.Writer.TryWrite(new JsonObject
        {
            ["type"] = "ERROR",
            ["object"] = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["code"] = code, ["reason"] = reason, ["message"] = message },
        });
        End();
    }

    /// <summary>Ends the stream, as the API server does at the watch's timeout or a restart.</summary>
    public void End() => _lines.Writer.TryComplete();
}
