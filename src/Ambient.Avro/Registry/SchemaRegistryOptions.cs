namespace Ambient.Avro.Registry;

/// <summary>
/// Section <c>Ambient:SchemaRegistry</c>. With a <see cref="Url"/>, records are written in the Confluent wire format
/// and their schemas registered there; without one (the default, e.g. <c>ambient up</c>), in Avro single-object encoding.
/// </summary>
public sealed class SchemaRegistryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:SchemaRegistry";

    /// <summary>
    /// Base URL of a registry speaking the Confluent REST API, e.g. <c>http://schema-registry:8081</c> or Apicurio's
    /// <c>http://apicurio:8080/apis/ccompat/v7</c>. Empty: no registry.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>How long one registry request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Register unknown schemas when writing (true), or only look them up and fail when absent (false, for locked-down registries).</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>Optional <c>user:password</c> for HTTP basic authentication.</summary>
    public string? BasicAuthUserInfo { get; set; }

    /// <summary>
    /// How many schemas the registry client keeps (ids by schema and schemas by id); when full it forgets them all and
    /// asks again. Ambient writes a dozen record types, so the default leaves room for every released version.
    /// </summary>
    public int MaxCachedSchemas { get; set; } = 1000;
}
