using Ambient.Broker.Security;

namespace Ambient.Broker.Network;

/// <summary>
/// Who is on the other end of one connection: its address and, on a secure broker, its SASL state and
/// authenticated principal. Handlers see it through <see cref="Handlers.RequestContext"/>.
/// </summary>
internal sealed class ClientSession(string clientAddress, string host, SaslSession? sasl)
{
    /// <summary>The principal of an open (non-SASL) broker's clients, as Kafka names it.</summary>
    public const string Anonymous = "User:ANONYMOUS";

    /// <summary>"ip:port", for logs.</summary>
    public string ClientAddress { get; } = clientAddress;

    /// <summary>The client's IP address, which ACL hosts are matched against.</summary>
    public string Host { get; } = host;

    /// <summary>The SASL state, or null when the broker requires no authentication.</summary>
    public SaslSession? Sasl { get; } = sasl;

    public bool IsAuthenticated => Sasl is null || Sasl.IsAuthenticated;

    public string Principal => Sasl?.User is { } user ? AclRule.UserPrincipal(user) : Anonymous;

    /// <summary>Set when the connection must close once the responses so far are sent (failed authentication).</summary>
    public bool CloseRequested { get; set; }
}
