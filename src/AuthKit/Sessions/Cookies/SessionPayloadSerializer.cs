using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AuthKit.Sessions.Cookies;

/// <summary>
/// The compact binary form of a <see cref="SessionCookiePayload"/> inside AuthKit's sealed cookie. Smaller and cheaper to read
/// than JSON, which matters because it is opened on every request and must fit a 4096-byte cookie.
/// </summary>
/// <remarks>
/// Layout: version (1) | reference length (1) | reference | issued, idle expiry, absolute expiry (3 × int64 Unix ms)
/// | user id | role count | roles | value count | key, value pairs. Strings are a 7-bit length prefix and UTF-8.
/// </remarks>
internal static class SessionPayloadSerializer
{
    private const byte FormatVersion = 1;
    private const int MaxCount = 256;

    public static byte[] Serialize(SessionCookiePayload payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, FormatVersion);
        Write(buffer, checked((byte)payload.Reference.Length));
        buffer.Write(payload.Reference.Span);
        WriteInt64(buffer, payload.IssuedAt.ToUnixTimeMilliseconds());
        WriteInt64(buffer, payload.IdleExpiresAt.ToUnixTimeMilliseconds());
        WriteInt64(buffer, payload.AbsoluteExpiresAt.ToUnixTimeMilliseconds());
        WriteString(buffer, payload.UserId);
        WriteCount(buffer, payload.Roles.Count);
        foreach (var role in payload.Roles)
        {
            WriteString(buffer, role);
        }

        WriteCount(buffer, payload.Values.Count);
        foreach (var (key, value) in payload.Values)
        {
            WriteString(buffer, key);
            WriteString(buffer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a payload; <see langword="null"/> for anything malformed. Never throws.</summary>
    public static SessionCookiePayload? Deserialize(ReadOnlySpan<byte> data)
    {
        var reader = new Reader(data);
        if (!reader.TryByte(out var version) || version != FormatVersion
            || !reader.TryByte(out var referenceLength) || referenceLength == 0
            || !reader.TryBytes(referenceLength, out var reference)
            || !reader.TryTime(out var issued) || !reader.TryTime(out var idle) || !reader.TryTime(out var absolute)
            || !reader.TryString(out var userId) || userId.Length == 0
            || !reader.TryCount(out var roleCount))
        {
            return null;
        }

        var roles = roleCount == 0 ? [] : new string[roleCount];
        for (var i = 0; i < roles.Length; i++)
        {
            if (!reader.TryRole(out roles[i]!))
            {
                return null;
            }
        }

        if (!reader.TryCount(out var valueCount))
        {
            return null;
        }

        var values = valueCount == 0 ? SessionCookiePayload.NoValues : new Dictionary<string, string>(valueCount, StringComparer.Ordinal);
        for (var i = 0; i < valueCount; i++)
        {
            if (!reader.TryString(out var key) || !reader.TryString(out var value) || !((Dictionary<string, string>)values).TryAdd(key, value))
            {
                return null;
            }
        }

        return reader.AtEnd
            ? new SessionCookiePayload(reference.ToArray(), userId, roles, issued, idle, absolute, values)
            : null;
    }

    private static void Write(ArrayBufferWriter<byte> buffer, byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteCount(ArrayBufferWriter<byte> buffer, int count)
    {
        if (count > MaxCount)
        {
            throw new InvalidOperationException($"A session holds at most {MaxCount} roles and {MaxCount} values.");
        }

        Write7Bit(buffer, count);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Write7Bit(buffer, length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static void Write7Bit(ArrayBufferWriter<byte> buffer, int value)
    {
        var span = buffer.GetSpan(5);
        var written = 0;
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            span[written++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        span[written++] = (byte)remaining;
        buffer.Advance(written);
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public readonly bool AtEnd => _data.IsEmpty;

        public bool TryByte(out byte value)
        {
            if (_data.IsEmpty)
            {
                value = 0;
                return false;
            }

            value = _data[0];
            _data = _data[1..];
            return true;
        }

        public bool TryBytes(int count, out ReadOnlySpan<byte> value)
        {
            if (_data.Length < count)
            {
                value = default;
                return false;
            }

            value = _data[..count];
            _data = _data[count..];
            return true;
        }

        public bool TryTime(out DateTimeOffset value)
        {
            value = default;
            if (!TryBytes(8, out var bytes))
            {
                return false;
            }

            var ms = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            if (ms < 0 || ms > 253_402_300_799_999) // 9999-12-31T23:59:59.999Z
            {
                return false;
            }

            value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        public bool TryCount(out int count)
            => TryLength(out count) && count <= MaxCount;

        /// <summary>Reads a role name, shared with earlier payloads that carried the same name (see <see cref="RoleNames"/>).</summary>
        public bool TryRole(out string value)
        {
            value = string.Empty;
            return TryLength(out var length) && TryBytes(length, out var bytes) && RoleNames.TryDecode(bytes, out value);
        }

        public bool TryString(out string value)
        {
            value = string.Empty;
            if (!TryLength(out var length) || !TryBytes(length, out var bytes))
            {
                return false;
            }

            try
            {
                value = StrictUtf8.GetString(bytes);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        private bool TryLength(out int value)
        {
            value = 0;
            for (var shift = 0; shift < 21; shift += 7)
            {
                if (!TryByte(out var b))
                {
                    return false;
                }

                value |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }

            return false; // longer than 21 bits: more than any cookie holds
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
