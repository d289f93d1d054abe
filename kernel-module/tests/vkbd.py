"""vkbd: a virtual keyboard through /dev/uinput, and the VT it types into.

Key presses made here go the kernel's own way: the uinput device is an input
device like a USB keyboard, the VT keyboard handler (drivers/tty/vt/
keyboard.c) takes its events, calls the keyboard notifier chain and hands
the keys to the foreground console, tty1; VT().read() shows what arrived.

    kbd = Keyboard()            # modprobe uinput; a new input device
    with VT() as vt:            # tty1 in the foreground, raw termios
        kbd.type("hello\\n")
        vt.read()               # b"hello\\r"
    kbd.close()
"""
import fcntl
import os
import select
import struct
import subprocess
import termios
import time
import tty

EV_SYN, EV_KEY, SYN_REPORT = 0, 1, 0
UI_SET_EVBIT = 0x40045564       # _IOW('U', 100, int)
UI_SET_KEYBIT = 0x40045565      # _IOW('U', 101, int)
UI_DEV_SETUP = 0x405C5503       # _IOW('U', 3, struct uinput_setup): 92 bytes
UI_DEV_CREATE = 0x5501          # _IO('U', 1)
UI_DEV_DESTROY = 0x5502         # _IO('U', 2)
BUS_VIRTUAL = 0x06
VT_ACTIVATE, VT_WAITACTIVE = 0x5606, 0x5607

# linux/input-event-codes.h, the keys the tests type
KEY = {"esc": 1, "backspace": 14, "tab": 15, "enter": 28, "leftctrl": 29,
       "leftshift": 42, "rightshift": 54, "leftalt": 56, "space": 57,
       "capslock": 58, "f1": 59, "rightctrl": 97, "rightalt": 100,
       "home": 102, "up": 103, "pageup": 104, "left": 105, "right": 106,
       "end": 107, "down": 108, "pagedown": 109, "insert": 110,
       "delete": 111}
for i, row in enumerate(["1234567890-=", "qwertyuiop[]", "asdfghjkl;'`",
                         "\\zxcvbnm,./"]):
    first = (2, 16, 30, 43)[i]
    for j, ch in enumerate(row):
        KEY[ch] = first + j
# US layout: the shifted characters, by their unshifted key
SHIFTED = dict(zip('!@#$%^&*()_+{}:"~|<>?', "1234567890-=[];'`\\,./"))
SHIFTED.update({c.upper(): c for c in "abcdefghijklmnopqrstuvwxyz"})


class Keyboard:
    def __init__(self):
        subprocess.run(["modprobe", "uinput"], check=False)
        self.fd = os.open("/dev/uinput", os.O_WRONLY | os.O_NONBLOCK)
        fcntl.ioctl(self.fd, UI_SET_EVBIT, EV_KEY)
        fcntl.ioctl(self.fd, UI_SET_EVBIT, EV_SYN)
        for code in range(1, 128):
            fcntl.ioctl(self.fd, UI_SET_KEYBIT, code)
        setup = struct.pack("HHHH80sI", BUS_VIRTUAL, 0x1234, 0x5678, 1,
                            b"moontide test keyboard", 0)
        fcntl.ioctl(self.fd, UI_DEV_SETUP, setup)
        fcntl.ioctl(self.fd, UI_DEV_CREATE)
        time.sleep(0.5)  # the VT keyboard handler connects to it

    def _event(self, etype, code, value):
        os.write(self.fd, struct.pack("llHHi", 0, 0, etype, code, value))

    def key(self, name, down):
        self._event(EV_KEY, KEY[name], 1 if down else 0)
        self._event(EV_SYN, SYN_REPORT, 0)

    def press(self, *names):
        """Presses names in order (a chord, e.g. press("leftctrl", "c")),
        then releases them in reverse."""
        for n in names:
            self.key(n, True)
        for n in reversed(names):
            self.key(n, False)

    def type(self, text):
        """Types text: letters, digits, US punctuation, "\\n" as Enter."""
        for ch in text:
            if ch == "\n":
                self.press("enter")
            elif ch == " ":
                self.press("space")
            elif ch in SHIFTED:
                self.press("leftshift", SHIFTED[ch])
            else:
                self.press(ch)

    def close(self):
        fcntl.ioctl(self.fd, UI_DEV_DESTROY)
        os.close(self.fd)


class VT:
    """tty1, switched to the foreground, in raw termios (no echo, no line
    editing): read() returns the bytes the keys produced there."""
    def __enter__(self):
        self.fd = os.open("/dev/tty1", os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        fcntl.ioctl(self.fd, VT_ACTIVATE, 1)  # what chvt 1 does
        fcntl.ioctl(self.fd, VT_WAITACTIVE, 1)
        self.saved = termios.tcgetattr(self.fd)
        tty.setraw(self.fd)
        termios.tcflush(self.fd, termios.TCIFLUSH)
        return self

    def read(self, quiet=0.5, limit=10.0):
        """What arrived, until nothing more came for `quiet` seconds."""
        got = b""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                break
            got += os.read(self.fd, 4096)
        return got

    def __exit__(self, *exc):
        termios.tcsetattr(self.fd, termios.TCSANOW, self.saved)
        os.close(self.fd)
