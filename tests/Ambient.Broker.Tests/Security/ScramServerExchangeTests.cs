using System.Security.Cryptography;
using System.Text;
using Ambient.Broker.Security;

namespace Ambient.Broker.Tests.Security;

public sealed class ScramServerExchangeTests
{
    private static readonly ScramCredential s_alice = ScramCredential.FromPassword("alice-secret");

    [Fact]
    public void Rfc7677TestVector_Sha256_ProducesTheRfcsMessages()
    {
        // RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        var credential = ScramCredential.Derive(ScramMechanism.Sha256, "pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        var server = new ScramServerExchange(ScramMechanism.Sha256, u => u == "user" ? credential : null, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");

        var serverFirst = Text(server.Evaluate("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"u8));
        var serverFinal = server.Evaluate("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="u8);

        Assert.Equal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", serverFirst);
        Assert.True(serverFinal.IsComplete);
        Assert.Equal("user", serverFinal.AuthenticatedUser);
        Assert.Equal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", Encoding.UTF8.GetString(serverFinal.Challenge));
    }

    [Fact]
    public void Sha512_RightPassword_Authenticates_AndTheServerProvesItKnowsTheKey()
    {
        var (client, server) = Exchange("alice", "alice-secret");

        var serverFirst = Text(server.Evaluate(Bytes(client.ClientFirst())));
        Assert.Contains(",i=4096", serverFirst, StringComparison.Ordinal);
        var final = server.Evaluate(Bytes(client.ClientFinal(serverFirst)));

        Assert.Equal("alice", final.AuthenticatedUser);
        Assert.Equal(client.ServerSignature, Encoding.UTF8.GetString(final.Challenge));
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("mallory", "alice-secret")]
    public void Sha512_WrongPasswordOrUnknownUser_FailsWithKafkasMessage_AtTheSameStep(string user, string password)
    {
        var (client, server) = Exchange(user, password);

        var serverFirst = server.Evaluate(Bytes(client.ClientFirst()));
        var final = server.Evaluate(Bytes(client.ClientFinal(Text(serverFirst))));

        Assert.False(serverFirst.Failed); // an unknown user is not told apart from a known one
        Assert.True(final.Failed);
        Assert.Equal("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512", final.Failure);
    }

    [Fact]
    public void ReplayedClientFinal_FromAnotherExchange_FailsOnTheNonce()
    {
        var (client, first) = Exchange("alice", "alice-secret");
        var recorded = client.ClientFinal(Text(first.Evaluate(Bytes(client.ClientFirst()))));
        Assert.True(first.Evaluate(Bytes(recorded)).IsComplete);

        // An eavesdropper replays the same client-first and client-final on a new exchange: the server nonce differs.
        var second = new ScramServerExchange(ScramMechanism.Sha512, Lookup, ScramServerExchange.NewServerNonce());
        second.Evaluate(Bytes(client.ClientFirst()));
        var replayed = second.Evaluate(Bytes(recorded));

        Assert.True(replayed.Failed);
        Assert.Contains("nonce", replayed.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=alice,r=abc")] // channel binding
    [InlineData("n,,r=abc,n=alice")] // attributes out of order
    [InlineData("n,,n=al=ice,r=abc")] // bad saslname escape
    [InlineData("n,,n=alice,r=a b")] // nonce with a space
    [InlineData("n,,n=alice,r=abc,m=must")] // mandatory extension
    [InlineData("n,a=bob,n=alice,r=abc")] // authorization id of another user
    [InlineData("nonsense")]
    public void MalformedClientFirst_Fails(string message)
    {
        var server = new ScramServerExchange(ScramMechanism.Sha512, Lookup, ScramServerExchange.NewServerNonce());

        Assert.True(server.Evaluate(Bytes(message)).Failed);
    }

    [Fact]
    public void ClientFinal_WithAnotherChannelBindingThanTheGs2Header_Fails()
    {
        var (client, server) = Exchange("alice", "alice-secret");
        var final = client.ClientFinal(Text(server.Evaluate(Bytes(client.ClientFirst()))));

        Assert.True(server.Evaluate(Bytes(final.Replace("c=biws", "c=eSws", StringComparison.Ordinal))).Failed);
    }

    [Fact]
    public void Plain_ChecksThePasswordAgainstTheScramCredential()
    {
        Assert.Equal("alice", new PlainServerExchange(Lookup).Evaluate("\0alice\0alice-secret"u8).AuthenticatedUser);
        Assert.Equal("alice", new PlainServerExchange(Lookup).Evaluate("alice\0alice\0alice-secret"u8).AuthenticatedUser);
        Assert.True(new PlainServerExchange(Lookup).Evaluate("\0alice\0wrong"u8).Failed);
        Assert.True(new PlainServerExchange(Lookup).Evaluate("\0mallory\0alice-secret"u8).Failed);
        Assert.True(new PlainServerExchange(Lookup).Evaluate("bob\0alice\0alice-secret"u8).Failed);
        Assert.True(new PlainServerExchange(Lookup).Evaluate("alice-secret"u8).Failed);
    }

    private static ScramCredential? Lookup(string user) => user == "alice" ? s_alice : null;

    private static (ScramClient Client, ScramServerExchange Server) Exchange(string user, string password) =>
        (new ScramClient(HashAlgorithmName.SHA512, user, password, "fyko+d2lbbFgONRv9qkxdawL"),
         new ScramServerExchange(ScramMechanism.Sha512, Lookup, ScramServerExchange.NewServerNonce()));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(SaslStep step)
    {
        Assert.False(step.Failed, step.Failure);
        return Encoding.UTF8.GetString(step.Challenge);
    }
}
