//! Records as Python objects, built straight from their `Serialize` impl: the value
//! `json.loads(serde_json::to_string(x))` gives, without the JSON text between.
//!
//! Each value becomes what serde_json writes and the `json` module reads back: structs and
//! maps dicts (in field order), sequences, tuples and arrays lists, strings and unit
//! variants `str`, integers `int`, finite floats `float` (non-finite ones `None`, as
//! serde_json writes `null`), `None`/unit `None`, an enum variant with data
//! `{variant: value}`. Field names are interned once per [`Keys`] and shared by every
//! record, as `json.loads` shares the keys of one document.
//!
//! This replaces the JSON text and `json.loads`: the text was built on a worker, then, on
//! the thread that holds the GIL, decoded into a `str`, parsed, and cut into the same
//! objects this builds directly. On the benchmark's corpus (`scripts/bench_python.sh 20`)
//! that thread's CPU time in `extract_many` went from about 1.2 s to 0.9 s, most of what
//! is left being the objects themselves (strings, lists, dicts) and their garbage
//! collection. The items of lists share one buffer (`Conv::stack`), not one `Vec` a
//! list.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// The interned Python strings of struct field names, by the address of the name (a
/// `&'static str`: one address, one name).
#[derive(Default)]
pub struct Keys {
    interned: HashMap<(usize, usize), Py<PyString>, BuildHasherDefault<AddressHasher>>,
}

impl Keys {
    fn get<'py>(&mut self, py: Python<'py>, key: &'static str) -> Bound<'py, PyString> {
        self.interned
            .entry((key.as_ptr() as usize, key.len()))
            .or_insert_with(|| PyString::intern(py, key).unbind())
            .bind(py)
            .clone()
    }
}

/// Hashes the (address, length) of a static string: a multiply and a rotate, no SipHash.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// `value` as the Python object `json.loads` would make of its serde_json text.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    keys: &mut Keys,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let mut stack = Vec::with_capacity(64);
    value
        .serialize(Conv {
            py,
            keys,
            stack: &mut stack,
        })
        .map_err(|Failed(e)| e)
}

/// Why a value could not be converted: a Python error (out of memory), or what serde_json
/// would refuse too (a map key that is no string or number).
#[derive(Debug)]
pub struct Failed(PyErr);

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Failed(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Failed {
    fn from(e: PyErr) -> Self {
        Failed(e)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, Failed>;

/// The serializer: one Python object a value.
struct Conv<'a, 'py> {
    py: Python<'py>,
    keys: &'a mut Keys,
    /// The items of the lists being built, innermost last: one buffer for a whole value
    /// instead of one a list (a record has thousands, most of them spans of two).
    stack: &'a mut Vec<Bound<'py, PyAny>>,
}

impl<'a, 'py> Conv<'a, 'py> {
    /// A serializer for a part of the value.
    fn part(&mut self) -> Conv<'_, 'py> {
        Conv {
            py: self.py,
            keys: self.keys,
            stack: self.stack,
        }
    }

    fn int<I: IntoPyObject<'py>>(self, v: I) -> Out<'py> {
        Ok(v.into_bound_py_any(self.py)?)
    }

    fn none(self) -> Out<'py> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn str(self, v: &str) -> Out<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }

    /// `{variant: value}`, serde_json's externally tagged enum.
    fn tagged(self, variant: &'static str, value: Bound<'py, PyAny>) -> Out<'py> {
        let dict = PyDict::new(self.py);
        dict.set_item(self.keys.get(self.py, variant), value)?;
        Ok(dict.into_any())
    }
}

/// A list being built: its items are on the stack from `start` on.
struct Seq<'a, 'py> {
    conv: Conv<'a, 'py>,
    start: usize,
    /// Set for a tuple variant: the list goes into `{variant: list}`.
    variant: Option<&'static str>,
}

impl<'a, 'py> Seq<'a, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        let item = value.serialize(self.conv.part())?;
        self.conv.stack.push(item);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let items = self.conv.stack.drain(self.start..);
        let list = PyList::new(self.conv.py, items)?.into_any();
        match self.variant {
            Some(v) => self.conv.tagged(v, list),
            None => Ok(list),
        }
    }
}

/// A dict being built: a struct's fields or a map's entries.
struct Map<'a, 'py> {
    conv: Conv<'a, 'py>,
    dict: Bound<'py, PyDict>,
    /// The key of a map entry whose value is to come.
    key: Option<Bound<'py, PyAny>>,
    /// Set for a struct variant: the dict goes into `{variant: dict}`.
    variant: Option<&'static str>,
}

impl<'a, 'py> Map<'a, 'py> {
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Out<'py> {
        value.serialize(self.conv.part())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Failed> {
        let value = self.value(value)?;
        let key = self.conv.keys.get(self.conv.py, key);
        self.dict.set_item(key, value)?;
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(v) => self.conv.tagged(v, dict),
            None => Ok(dict),
        }
    }
}

impl<'a, 'py> ser::Serializer for Conv<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.int(v)
    }
    fn serialize_u128(self, v: u128) -> Out<'py> {
        self.int(v)
    }
    fn serialize_f32(self, v: f32) -> Out<'py> {
        // serde_json writes an f32's shortest text, which reads back as this f64
        let v: f64 = v.to_string().parse().unwrap_or(f64::NAN);
        self.serialize_f64(v)
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        if v.is_finite() {
            Ok(PyFloat::new(self.py, v).into_any())
        } else {
            self.none()
        }
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        self.str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        Ok(PyList::new(self.py, v)?.into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        self.none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        self.none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Out<'py> {
        Ok(self.keys.get(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let mut conv = self;
        let value = value.serialize(conv.part())?;
        conv.tagged(variant, value)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a, 'py>, Failed> {
        Ok(Seq {
            start: self.stack.len(),
            conv: self,
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Failed> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'py>, Failed> {
        let dict = PyDict::new(self.py);
        Ok(Map {
            conv: self,
            dict,
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map<'a, 'py>, Failed> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map<'a, 'py>, Failed> {
        let mut map = self.serialize_map(Some(len))?;
        map.variant = Some(variant);
        Ok(map)
    }
}

impl<'a, 'py> ser::SerializeSeq for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeTuple for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeTupleStruct for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeTupleVariant for Seq<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.push(value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeMap for Map<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failed> {
        // serde_json writes a string key as it is and a number key as its text; other keys
        // it refuses
        let key = self.value(key)?;
        let key = if key.is_instance_of::<PyString>() {
            key
        } else if key.is_instance_of::<pyo3::types::PyInt>() {
            key.str()?.into_any()
        } else {
            return Err(ser::Error::custom(
                "a map key must be a string or an integer",
            ));
        };
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        let value = self.value(value)?;
        let key = self
            .key
            .take()
            .ok_or_else(|| <Failed as ser::Error>::custom("a map value without its key"))?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeStruct for Map<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}

impl<'a, 'py> ser::SerializeStructVariant for Map<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.field(key, value)
    }
    fn end(self) -> Out<'py> {
        self.finish()
    }
}
