namespace Drydock.Inventory.Languages;

/// <summary>
/// The extract a binary analyzer keeps of an executable during the layer walk (<see cref="Images.FileSystem.IFileExtractor"/>):
/// a status byte, then what its parser found, or the message of what made the parser fail. Analysis reads it back with
/// <see cref="Open"/>, which throws that message again, so a damaged binary gives the same "cannot parse" warning (path
/// and layer) as if the whole file had been parsed at analysis time.
/// </summary>
internal static class BinaryExtract
{
    private const byte Found = 0;
    private const byte Failed = 1;

    /// <summary>Runs <paramref name="parse"/> on the file; null when it found nothing, else its payload or its failure.</summary>
    public static ReadOnlyMemory<byte>? Run(ReadOnlyMemory<byte> file, Func<ReadOnlyMemory<byte>, byte[]?> parse)
    {
        try
        {
            if (parse(file) is not { } payload) return null;
            return (byte[])[Found, .. payload];
        }
#pragma warning disable CA1031 // The file is hostile input: whatever it makes a parser throw is a warning, not a failed scan.
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
        {
            using var buffer = new MemoryStream();
            using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Failed);
                w.Write(ex.Message);
            }
            return buffer.ToArray();
        }
    }

    /// <summary>The payload of a found extract; throws <see cref="InvalidDataException"/> with the parser's message for a failed one.</summary>
    public static ReadOnlyMemory<byte> Open(ReadOnlyMemory<byte> extract)
    {
        if (extract.IsEmpty) throw new InvalidDataException("empty binary extract");
        if (extract.Span[0] == Found) return extract[1..];
        using var r = new BinaryReader(new MemoryStream(extract[1..].ToArray()), System.Text.Encoding.UTF8);
        throw new InvalidDataException(r.ReadString());
    }
}
