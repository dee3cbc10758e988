using Drydock.Images.FileSystem;

namespace Drydock.Images.Inspection.Listing;

/// <summary>What a record of the listing's temp files is: a layer's entry, whiteout or opaque marker.</summary>
internal enum ListingOp : byte
{
    Entry,
    Whiteout,
    Opaque,
}

/// <summary>
/// One record of the listing's temp files: a layer's entry, whiteout or opaque marker as read (<see cref="LayerSpill"/>),
/// or a line of the squashed listing waiting for the sort (<see cref="ListingSorter"/>). <see cref="Rank"/> 0 is an
/// entry as it stands; 1 a directory a runtime would create under an upper layer's entry (the lowest layer wins).
/// </summary>
internal readonly record struct ListingRecord(
    ListingOp Op, FileKind Kind, int Mode, int Uid, int Gid, long Size, string? LinkTarget, int Layer, string Path,
    long Id = -1, byte Rank = 0)
{
    public static ListingRecord Of(FileEntry e) =>
        new(ListingOp.Entry, e.Kind, e.Mode, e.Uid, e.Gid, e.Size, e.LinkTarget, e.LayerIndex, e.Path);

    public void Write(BinaryWriter w)
    {
        w.Write((byte)Op);
        w.Write((byte)Kind);
        w.Write(Mode);
        w.Write(Uid);
        w.Write(Gid);
        w.Write(Size);
        w.Write(Layer);
        w.Write(Id);
        w.Write(Rank);
        w.Write(Path);
        w.Write(LinkTarget is not null);
        if (LinkTarget is not null) w.Write(LinkTarget);
    }

    public static ListingRecord Read(BinaryReader r)
    {
        var op = (ListingOp)r.ReadByte();
        var kind = (FileKind)r.ReadByte();
        var mode = r.ReadInt32();
        var uid = r.ReadInt32();
        var gid = r.ReadInt32();
        var size = r.ReadInt64();
        var layer = r.ReadInt32();
        var id = r.ReadInt64();
        var rank = r.ReadByte();
        var path = r.ReadString();
        var link = r.ReadBoolean() ? r.ReadString() : null;
        return new ListingRecord(op, kind, mode, uid, gid, size, link, layer, path, id, rank);
    }

    /// <summary>
    /// The listing's order: path (ordinal), then the entry as it stands before a created directory, lowest layer first;
    /// then <see cref="Id"/>, so that the order is total and a merge in several passes gives what one pass gives.
    /// </summary>
    public static int Compare(ListingRecord a, ListingRecord b)
    {
        var c = string.CompareOrdinal(a.Path, b.Path);
        if (c != 0) return c;
        c = a.Rank.CompareTo(b.Rank);
        if (c != 0) return c;
        c = a.Layer.CompareTo(b.Layer);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    }
}
