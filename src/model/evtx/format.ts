/**
 * EVTX on-disk layout: the numbers of the file header, chunk header, record header, BinXml tokens and
 * value types, in one place so the readers speak of them by name. Layout per the libyal
 * "Windows XML Event Log (EVTX)" format notes; every offset is little-endian.
 */

export const FILE_MAGIC = "ElfFile\0";
export const FILE_HEADER_BLOCK = 4096;
/** The file header checksum covers its first 120 bytes; the CRC itself is at 124. */
export const FILE_HEADER_CRC_SPAN = 120;
export const FILE_HEADER_CRC_OFFSET = 124;
export const FILE_HEADER_FLAGS_OFFSET = 120;

export const CHUNK_MAGIC = "ElfChnk\0";
export const CHUNK_SIZE = 65536;
/** Chunk header (with its string and template tables); records start right after it. */
export const CHUNK_HEADER_SIZE = 512;
export const CHUNK_LAST_RECORD_OFFSET = 44;
export const CHUNK_FREE_SPACE_OFFSET = 48;
export const CHUNK_DATA_CRC_OFFSET = 52;
export const CHUNK_FLAGS_OFFSET = 120;
export const CHUNK_HEADER_CRC_OFFSET = 124;

/**
 * Header flag "checksums were not written" (Windows 10+ on some logs, `Application_no_crc32.evtx`):
 * the CRC fields are 0 then and must not be reported as damage.
 */
export const FLAG_NO_CRC32 = 0x4;

/** Record: `**\0\0`, size, record id (u64), written time (FILETIME), BinXml, size again. */
export const RECORD_MAGIC = 0x00002a2a;
export const RECORD_HEADER_SIZE = 24;
/** Header plus the trailing size copy: the smallest a record can be. */
export const RECORD_MIN_SIZE = 28;

/** BinXml tokens; 0x40 on element/attribute/value tokens means "has attributes" / "more follow". */
export const TOKEN = {
  EndOfFragment: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CData: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const;
export const TOKEN_MORE_FLAG = 0x40;

/** Substitution value types; `| ARRAY_FLAG` makes an array of the base type. */
export const VALUE = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SysTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
} as const;
export const ARRAY_FLAG = 0x80;

/** Thrown inside the binary decoders only; the chunk reader turns it into a warning. */
export class EvtxFormatError extends Error {
  constructor(message: string, readonly offset?: number) {
    super(message);
    this.name = "EvtxFormatError";
  }
}
