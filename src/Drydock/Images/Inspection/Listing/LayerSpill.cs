namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// Records written to one temp file under <see cref="DrydockTemp"/> in blocks of about 64 KiB, read back forward or
/// backward (last record first): a layer's entries are applied top-down, so the last of a layer's duplicates wins. Only
/// the block offsets stay in memory (8 bytes per 64 KiB). The file is deleted on dispose.
/// </summary>
internal sealed class LayerSpill : IDisposable
{
    private const int BlockBytes = 64 * 1024;

    private readonly string _path = DrydockTemp.NewPath("listing-", ".spill");
    private readonly FileStream _file;
    private readonly MemoryStream _block = new();
    private readonly BinaryWriter _writer;
    private readonly List<long> _blocks = [];

    public LayerSpill()
    {
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        _writer = new BinaryWriter(_block);
    }

    public long Count { get; private set; }

    public void Append(ListingRecord record)
    {
        record.Write(_writer);
        Count++;
        if (_block.Length >= BlockBytes) FlushBlock();
    }

    /// <summary>Every record, first written first.</summary>
    public IEnumerable<ListingRecord> ReadForward()
    {
        FlushBlock();
        for (var b = 0; b < _blocks.Count; b++)
        {
            foreach (var record in ReadBlock(b)) yield return record;
        }
    }

    /// <summary>Every record, last written first.</summary>
    public IEnumerable<ListingRecord> ReadBackward()
    {
        FlushBlock();
        for (var b = _blocks.Count - 1; b >= 0; b--)
        {
            var records = ReadBlock(b);
            for (var i = records.Count - 1; i >= 0; i--) yield return records[i];
        }
    }

    private List<ListingRecord> ReadBlock(int b)
    {
        var end = b + 1 < _blocks.Count ? _blocks[b + 1] : _file.Length;
        var bytes = new byte[end - _blocks[b]];
        _file.Position = _blocks[b];
        _file.ReadExactly(bytes);
        var records = new List<ListingRecord>();
        using var reader = new BinaryReader(new MemoryStream(bytes));
        while (reader.BaseStream.Position < bytes.Length) records.Add(ListingRecord.Read(reader));
        return records;
    }

    private void FlushBlock()
    {
        if (_block.Length == 0) return;
        _file.Position = _file.Length;
        _blocks.Add(_file.Position);
        _file.Write(_block.GetBuffer(), 0, (int)_block.Length);
        _block.SetLength(0);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
