using System.Text.Json;
using Ambient.Broker.Protocol;

namespace Ambient.Broker.Tests.Protocol;

/// <summary>
/// Checks the advertised API table against Apache Kafka's own message definitions
/// (../shared/specs/kafka-protocol, JSON with // comments): every advertised version must exist, and
/// the broker must agree with Kafka on which of them are flexible.
/// </summary>
public sealed class SpecConformanceTests
{
    private static readonly string? s_specDirectory = FindSpecDirectory();

    public static TheoryData<string> AdvertisedApis() => [.. SupportedApis.All.Select(a => a.Key.ToString())];

    [Theory]
    [MemberData(nameof(AdvertisedApis))]
    public void AdvertisedVersions_ExistInKafkaSpecAndStayClassic(string api)
    {
        if (s_specDirectory is null)
        {
            Assert.Skip("../shared/specs/kafka-protocol was not found next to the repository; cannot compare the API table with Kafka's definitions.");
        }

        var path = Path.Combine(s_specDirectory, api + "Request.json");
        if (!File.Exists(path))
        {
            Assert.Skip($"{path} is not in the spec snapshot.");
        }

        var range = SupportedApis.All.Single(a => a.Key.ToString() == api);
        using var spec = JsonDocument.Parse(string.Join('\n', File.ReadLines(path).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))));
        var root = spec.RootElement;
        var (validMin, validMax) = ParseRange(root.GetProperty("validVersions").GetString()!);
        var flexibleFrom = ParseFlexible(root.GetProperty("flexibleVersions").GetString()!);

        Assert.Equal((short)range.Key, root.GetProperty("apiKey").GetInt16());
        Assert.InRange(range.MinVersion, validMin, validMax);
        Assert.InRange(range.MaxVersion, validMin, validMax);
        for (var version = range.MinVersion; version <= range.MaxVersion; version++)
        {
            // The broker's idea of which versions are flexible must be Kafka's, or headers and bodies misparse.
            Assert.True(SupportedApis.IsFlexible(range.Key, version) == version >= flexibleFrom, $"{api} v{version}: flexible from v{flexibleFrom} in Kafka.");
        }
    }

    private static (short Min, short Max) ParseRange(string text)
    {
        var parts = text.Split('-');
        return (short.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            short.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static short ParseFlexible(string text) =>
        text == "none" ? short.MaxValue : short.Parse(text.TrimEnd('+'), System.Globalization.CultureInfo.InvariantCulture);

    private static string? FindSpecDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "specs", "kafka-protocol");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
