using System.Globalization;
using Ambient.Abstractions.Events;

namespace Ambient.Kafka.CloudEvents;

/// <summary>The headers of a binary-mode CloudEvent, as text; callers encode them as UTF-8, as the binding requires.</summary>
internal static class BinaryModeHeaders
{
    public static IEnumerable<KeyValuePair<string, string>> For(AmbientEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentException.ThrowIfNullOrEmpty(cloudEvent.Id, "cloudEvent.Id");
        ArgumentException.ThrowIfNullOrEmpty(cloudEvent.Type, "cloudEvent.Type");
        ArgumentException.ThrowIfNullOrEmpty(cloudEvent.Source, "cloudEvent.Source");
        if (!Uri.TryCreate(cloudEvent.Source, UriKind.RelativeOrAbsolute, out _))
        {
            throw new ArgumentException($"Source '{cloudEvent.Source}' is not a URI-reference.", nameof(cloudEvent));
        }

        return Enumerate(cloudEvent);
    }

    /// <summary>RFC 3339 in UTC with only the fraction digits needed, e.g. <c>2018-04-05T03:56:24Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<KeyValuePair<string, string>> Enumerate(AmbientEvent cloudEvent)
    {
        yield return new(CloudEventKafkaHeaders.SpecVersion, CloudEventKafkaHeaders.SpecVersion10);
        yield return new(CloudEventKafkaHeaders.Id, cloudEvent.Id);
        yield return new(CloudEventKafkaHeaders.Source, cloudEvent.Source);
        yield return new(CloudEventKafkaHeaders.Type, cloudEvent.Type);
        if (cloudEvent.Subject is not null)
        {
            yield return new(CloudEventKafkaHeaders.Subject, cloudEvent.Subject);
        }

        if (cloudEvent.Time is { } time)
        {
            yield return new(CloudEventKafkaHeaders.Time, FormatTime(time));
        }

        if (cloudEvent.DataContentType is not null)
        {
            yield return new(CloudEventKafkaHeaders.ContentType, cloudEvent.DataContentType);
        }

        if (cloudEvent.Ingress is not null)
        {
            yield return new(CloudEventKafkaHeaders.Ingress, cloudEvent.Ingress);
        }
    }
}
