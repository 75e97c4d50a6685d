using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>DeleteTopics v0-3: removes the topic's logs and every group's committed offsets for it.</summary>
internal sealed class DeleteTopicsHandler : IApiHandler
{
    public ApiKey Key => ApiKey.DeleteTopics;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var names = request.ReadArray(r => r.ReadString());
        request.ReadInt32(); // timeout: deletion is synchronous
        var results = names.Select(name => (Name: name, Error: context.IsAllowedOnTopic(AclOperation.Delete, name)
            ? context.Broker.Topics.Delete(name)
            : ErrorCode.TopicAuthorizationFailed)).ToList();
        if (context.Version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(results.Count);
        foreach (var (name, error) in results)
        {
            response.WriteString(name);
            response.WriteInt16(error);
        }

        return ValueTask.FromResult(true);
    }
}
