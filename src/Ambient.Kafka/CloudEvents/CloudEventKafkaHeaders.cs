namespace Ambient.Kafka.CloudEvents;

/// <summary>
/// Kafka header names and media types of the CloudEvents Kafka protocol binding.
/// https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
/// </summary>
public static class CloudEventKafkaHeaders
{
    /// <summary>Binary mode maps every attribute except <c>datacontenttype</c> to a header named <c>ce_&lt;attribute&gt;</c>.</summary>
    public const string Prefix = "ce_";

    /// <summary>The <c>specversion</c> attribute; Ambient reads and writes <c>1.0</c> only.</summary>
    public const string SpecVersion = "ce_specversion";

    /// <summary>The <c>id</c> attribute.</summary>
    public const string Id = "ce_id";

    /// <summary>The <c>source</c> attribute (a URI-reference).</summary>
    public const string Source = "ce_source";

    /// <summary>The <c>type</c> attribute.</summary>
    public const string Type = "ce_type";

    /// <summary>The optional <c>subject</c> attribute.</summary>
    public const string Subject = "ce_subject";

    /// <summary>The optional <c>time</c> attribute (RFC 3339).</summary>
    public const string Time = "ce_time";

    /// <summary>
    /// Ambient's own header (not a CloudEvent attribute): how the event entered Ambient, e.g. <c>github</c> (a delivery
    /// whose signature the gateway verified) or <c>publish:ci</c> (the publish token named <c>ci</c>). See <see cref="Abstractions.Events.IngressKinds"/>.
    /// </summary>
    public const string Ingress = "ambient-ingress";

    /// <summary>In binary mode the <c>datacontenttype</c> attribute; in structured mode the event format.</summary>
    public const string ContentType = "content-type";

    /// <summary>The only spec version Ambient reads and writes.</summary>
    public const string SpecVersion10 = "1.0";

    /// <summary>Values of <c>content-type</c> starting with this (case-insensitively) mark structured mode.</summary>
    public const string CloudEventsMediaTypePrefix = "application/cloudevents";

    /// <summary>The JSON event format, the only structured format Ambient reads.</summary>
    public const string StructuredJsonMediaType = "application/cloudevents+json";
}
