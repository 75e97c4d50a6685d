using Ambient.Broker.Protocol;

namespace Ambient.Broker.Handlers;

/// <summary>One request being served: its header, the connection it came on, and the broker's services.</summary>
internal sealed record RequestContext(RequestHeader Header, BrokerServices Broker, string ClientAddress)
{
    public short Version => Header.ApiVersion;

    public string ClientId => Header.ClientId ?? string.Empty;
}
