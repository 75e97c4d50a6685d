using System.Buffers.Binary;
using System.Text;
using Ambient.Avro.Schemas;
using Avro;

namespace Ambient.Avro.Tests;

public sealed class FingerprintTests
{
    // Published vectors of the Avro project (share/test/data/schema-tests.txt): schema, its canonical form, CRC-64-AVRO.
    public static TheoryData<string, string, long> PublishedVectors => new()
    {
        { "\"null\"", "\"null\"", 7195948357588979594 },
        { "\"boolean\"", "\"boolean\"", -6970731678124411036 },
        { "\"int\"", "\"int\"", 8247732601305521295 },
        { "\"long\"", "\"long\"", -3434872931120570953 },
        { "{\"type\":\"fixed\",\"name\":\"foo\",\"size\":15}", "{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}", 1756455273707447556 },
        {
            "{\"type\":\"record\",\"name\":\"foo\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"}]}",
            "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"}]}",
            7843277075252814651
        },
    };

    [Theory]
    [MemberData(nameof(PublishedVectors))]
    public void Of_PublishedVector_MatchesPublishedFingerprint(string schema, string canonicalForm, long fingerprint)
    {
        var parsed = Schema.Parse(schema);

        Assert.Equal(fingerprint, Crc64Avro(Encoding.UTF8.GetBytes(canonicalForm)));
        Assert.Equal(canonicalForm, SchemaNormalization.ToParsingForm(parsed));
        Assert.Equal(fingerprint, SchemaFingerprint.Of(parsed));
    }

    [Theory]
    [MemberData(nameof(RepoSchemas.All), MemberType = typeof(RepoSchemas))]
    public void BytesOf_AmbientSchema_IsIndependentCrc64OfCanonicalFormLittleEndian(string name)
    {
        var schema = AmbientSchemas.Get(name);
        var expected = Crc64Avro(Encoding.UTF8.GetBytes(SchemaNormalization.ToParsingForm(schema)));

        Assert.Equal(expected, SchemaFingerprint.Of(schema));
        Assert.Equal(expected, BinaryPrimitives.ReadInt64LittleEndian(SchemaFingerprint.BytesOf(schema)));
    }

    // The spec's reference algorithm (Avro specification, "Schema Fingerprints"), written out here so the
    // test does not trust the library it checks.
    private static long Crc64Avro(byte[] data)
    {
        const ulong Empty = 0xc15d213aa4d7a795UL;
        var table = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var entry = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry >> 1) ^ (Empty & (0UL - (entry & 1UL)));
            }

            table[i] = entry;
        }

        var fingerprint = Empty;
        foreach (var b in data)
        {
            fingerprint = (fingerprint >> 8) ^ table[(int)((fingerprint ^ b) & 0xff)];
        }

        return unchecked((long)fingerprint);
    }
}
