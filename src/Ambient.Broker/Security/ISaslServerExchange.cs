namespace Ambient.Broker.Security;

/// <summary>The server side of one SASL mechanism's exchange on one connection.</summary>
internal interface ISaslServerExchange
{
    /// <summary>Evaluates the client's next token.</summary>
    SaslStep Evaluate(ReadOnlySpan<byte> token);
}
