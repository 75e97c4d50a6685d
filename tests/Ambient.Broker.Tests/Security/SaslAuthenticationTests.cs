using System.Text;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Ambient.Broker.Tests.Protocol;
using Ambient.Testing;
using Confluent.Kafka;
using ErrorCode = Ambient.Broker.Protocol.ErrorCode;

namespace Ambient.Broker.Tests.Security;

/// <summary>SASL on the embedded broker through the real Confluent.Kafka client, and what a hostile client can and cannot do before authenticating.</summary>
public sealed class SaslAuthenticationTests
{
    [Theory]
    [InlineData(SaslMechanism.ScramSha512)]
    [InlineData(SaslMechanism.Plain)]
    public async Task RightCredentials_ProduceAndConsume(SaslMechanism mechanism)
    {
        await using var broker = await SecureBrokers.StartAsync(s =>
        {
            s.Allow(SecureBrokers.Alice, AclResourceType.Topic, "orders", AclPatternType.Literal, AclOperation.Write, AclOperation.Read, AclOperation.Create);
            s.Allow(SecureBrokers.Alice, AclResourceType.Group, "orders-", AclPatternType.Prefixed, AclOperation.Read);
        });

        using (var producer = new ProducerBuilder<string, string>(SecureBrokers.Sasl(new ProducerConfig { EnableIdempotence = true, Acks = Acks.All },
            broker, SecureBrokers.Alice, SecureBrokers.AlicePassword, mechanism)).Build())
        {
            var delivered = await producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "hello" }, TestContext.Current.CancellationToken);
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        using var consumer = new ConsumerBuilder<string, string>(SecureBrokers.Sasl(new ConsumerConfig
        {
            GroupId = "orders-" + mechanism,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }, broker, SecureBrokers.Alice, SecureBrokers.AlicePassword, mechanism)).Build();
        consumer.Subscribe("orders");
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Commit(consumed);
        consumer.Close();

        Assert.Equal("hello", consumed?.Message.Value);
    }

    [Theory]
    [InlineData(SaslMechanism.ScramSha512, "wrong")]
    [InlineData(SaslMechanism.Plain, "wrong")]
    public async Task WrongPassword_FailsWithAnAuthenticationError_AndNothingIsServed(SaslMechanism mechanism, string password)
    {
        await using var broker = await SecureBrokers.StartAsync(s =>
            s.Allow(SecureBrokers.Alice, AclResourceType.Topic, "*", AclPatternType.Literal, AclOperation.All));
        var failed = new TaskCompletionSource<Error>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = SecureBrokers.Sasl(new ProducerConfig { MessageTimeoutMs = 3000 }, broker, SecureBrokers.Alice, password, mechanism);

        using (var producer = new ProducerBuilder<string, string>(config).SetErrorHandler((_, e) => failed.TrySetResult(e)).Build())
        {
            var delivery = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
                producer.ProduceAsync("wrong-password-topic", new Message<string, string> { Value = "x" }, TestContext.Current.CancellationToken));
            Assert.True(delivery.Error.IsError);
        }

        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken); // hang guard only
        Assert.Equal(Confluent.Kafka.ErrorCode.Local_Authentication, error.Code);
        Assert.Contains("invalid credentials", error.Reason, StringComparison.Ordinal);
        using var admin = SecureBrokers.AdminClient(broker);
        Assert.DoesNotContain(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == "wrong-password-topic");
    }

    [Fact]
    public async Task RequestBeforeAuthentication_ClosesTheConnection()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        var versions = await connection.RequestAsync(ApiKey.ApiVersions, 0, _ => { }); // allowed before authenticating
        Assert.Equal(ErrorCode.None, (ErrorCode)versions.ReadInt16());
        var apis = versions.ReadArray(r => (Key: (ApiKey)r.ReadInt16(), Min: r.ReadInt16(), Max: r.ReadInt16()));
        Assert.Contains((ApiKey.SaslHandshake, (short)0, (short)1), apis);
        Assert.Contains((ApiKey.SaslAuthenticate, (short)0, (short)2), apis);

        await connection.SendAsync(connection.Frame(ApiKey.Metadata, 1, RawRequests.Metadata()));
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task UnsupportedMechanism_ListsTheEnabledOnes_AndCloses()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        var response = await connection.RequestAsync(ApiKey.SaslHandshake, 1, w => w.WriteString("GSSAPI"));

        Assert.Equal(ErrorCode.UnsupportedSaslMechanism, (ErrorCode)response.ReadInt16());
        Assert.Equal(["SCRAM-SHA-512", "PLAIN"], response.ReadArray(r => r.ReadString()));
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task WrongProof_AnswersSaslAuthenticationFailedWithAMessage_ThenCloses()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        var client = new ScramClient(System.Security.Cryptography.HashAlgorithmName.SHA512, SecureBrokers.Alice, "wrong", "nonce123");
        Assert.Equal(ErrorCode.None, (ErrorCode)(await connection.RequestAsync(ApiKey.SaslHandshake, 1, w => w.WriteString("SCRAM-SHA-512"))).ReadInt16());

        var first = await AuthenticateAsync(connection, client.ClientFirst());
        Assert.Equal(ErrorCode.None, first.Error);
        var final = await AuthenticateAsync(connection, client.ClientFinal(first.Token));

        Assert.Equal(ErrorCode.SaslAuthenticationFailed, final.Error);
        Assert.Equal("Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512", final.Message);
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task SaslAuthenticateV2Flexible_Authenticates_ThenRequestsAreServed()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        await connection.RequestAsync(ApiKey.SaslHandshake, 1, w => w.WriteString("PLAIN"));

        var response = await connection.RequestAsync(ApiKey.SaslAuthenticate, 2, w =>
        {
            w.WriteCompactBytes("\0admin\0admin-secret"u8);
            w.WriteEmptyTaggedFields();
        }, flexibleHeader: true);
        response.SkipTaggedFields(); // response header v1

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ReadInt16());
        Assert.Null(response.ReadCompactNullableString());
        var metadata = await connection.RequestAsync(ApiKey.Metadata, 1, RawRequests.Metadata());
        Assert.Equal(1, metadata.ReadArrayLength()); // one broker: served
    }

    [Fact]
    public async Task HugeTokenBeforeAuthentication_ClosesOnTheSizePrefix()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        await connection.RequestAsync(ApiKey.SaslHandshake, 0, w => w.WriteString("PLAIN"));

        await connection.SendAsync([0x01, 0x00, 0x00, 0x00]); // a 16 MiB bare token announced, nothing sent

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(Ambient.Broker.Network.ConnectionCloseReason.UnauthenticatedRequestTooLarge));
    }

    [Fact]
    public async Task HugeSaslAuthenticateRequest_ClosesOnTheSizePrefix()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        var frame = connection.Frame(ApiKey.SaslAuthenticate, 1, w => w.WriteBytes(new byte[SaslSession.MaxUnauthenticatedFrameBytes]));
        await connection.SendAsync(frame);

        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task ExchangeNeverFinished_IsClosedByTheConnectionDeadlines()
    {
        await using var broker = await SecureBrokers.StartAsync(options: o =>
        {
            o.ConnectionsMaxIdle = TimeSpan.FromSeconds(2);
            o.PartialFrameTimeout = TimeSpan.FromSeconds(2);
        });
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        await connection.RequestAsync(ApiKey.SaslHandshake, 1, w => w.WriteString("SCRAM-SHA-512"));
        await AuthenticateAsync(connection, "n,,n=alice,r=abcdef");

        // No client-final ever comes.
        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(Ambient.Broker.Network.ConnectionCloseReason.Idle)
            + broker.Connections.Closures.Count(Ambient.Broker.Network.ConnectionCloseReason.PartialFrameTimeout));
    }

    [Fact]
    public async Task HandshakeV0_ThenBareTokens_Authenticate_AsKafkaPython20Does()
    {
        await using var broker = await SecureBrokers.StartAsync();
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        var client = new ScramClient(System.Security.Cryptography.HashAlgorithmName.SHA512, SecureBrokers.Admin, SecureBrokers.AdminPassword, "kp20nonce");
        Assert.Equal(ErrorCode.None, (ErrorCode)(await connection.RequestAsync(ApiKey.SaslHandshake, 0, w => w.WriteString("SCRAM-SHA-512"))).ReadInt16());

        var serverFirst = await BareTokenAsync(connection, client.ClientFirst());
        var serverFinal = await BareTokenAsync(connection, client.ClientFinal(serverFirst));

        Assert.Equal(client.ServerSignature, serverFinal);
        var metadata = await connection.RequestAsync(ApiKey.Metadata, 1, RawRequests.Metadata());
        Assert.Equal(1, metadata.ReadArrayLength());
    }

    [Fact]
    public async Task OpenBroker_DoesNotAdvertiseSasl_AndClosesOnAHandshake()
    {
        await using var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("open"));
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        var versions = await connection.RequestAsync(ApiKey.ApiVersions, 0, _ => { });
        versions.ReadInt16();
        var apis = versions.ReadArray(r =>
        {
            var key = (ApiKey)r.ReadInt16();
            r.ReadInt32(); // min and max version
            return key;
        });
        Assert.DoesNotContain(apis, k => k is ApiKey.SaslHandshake or ApiKey.SaslAuthenticate);

        await connection.SendAsync(connection.Frame(ApiKey.SaslHandshake, 1, w => w.WriteString("PLAIN")));
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    private static async Task<(ErrorCode Error, string? Message, string Token)> AuthenticateAsync(RawKafkaConnection connection, string token)
    {
        var response = await connection.RequestAsync(ApiKey.SaslAuthenticate, 1, w => w.WriteBytes(Encoding.UTF8.GetBytes(token)));
        return ((ErrorCode)response.ReadInt16(), response.ReadNullableString(), Encoding.UTF8.GetString(response.ReadBytes().Span));
    }

    private static async Task<string> BareTokenAsync(RawKafkaConnection connection, string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        var frame = new byte[4 + bytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, bytes.Length);
        bytes.CopyTo(frame, 4);
        await connection.SendAsync(frame);
        return Encoding.UTF8.GetString(await connection.ReceiveBareAsync());
    }
}
