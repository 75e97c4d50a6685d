using Ambient.Testing;

namespace Ambient.Broker.Tests.Network;

/// <summary>A broker of its own for a test that tightens connection or request limits.</summary>
internal static class LimitedBroker
{
    public static Task<KafkaBroker> StartAsync(Action<BrokerOptions> limits)
    {
        var options = EmbeddedBrokers.Options(TestDirectories.Create("limits"));
        limits(options);
        return KafkaBroker.StartAsync(options);
    }
}
