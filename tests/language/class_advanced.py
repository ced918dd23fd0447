# Class features: class attributes shared, __class__, methods as values, nested classes.
class Node:
    def __init__(self, val, nxt=None):
        self.val, self.next = val, nxt
class LinkedList:
    def __init__(self, items=()):
        self.head = None
        self.size = 0
        for it in reversed(list(items)):
            self.push(it)
    def push(self, v):
        self.head = Node(v, self.head)
        self.size += 1
    def __iter__(self):
        n = self.head
        while n:
            yield n.val
            n = n.next
    def __len__(self):
        return self.size
    def __repr__(self):
        return 'LinkedList([' + ', '.join(repr(v) for v in self) + '])'
    def reverse(self):
        prev, cur = None, self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev
ll = LinkedList([1, 2, 3])
ll.push(0)
print(ll, len(ll), list(ll), 2 in ll)
ll.reverse()
print(ll)
class Outer:
    class Inner:
        def hi(self):
            return 'inner hi'
    def make(self):
        return self.Inner()
print(Outer().make().hi(), Outer.Inner.__qualname__)
class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
    def pop(self):
        return self._items.pop()
    def __bool__(self):
        return bool(self._items)
st = Stack()
for ch in '({[]})':
    if ch in '({[':
        st.push(ch)
    else:
        print(ch, st.pop())
print(bool(st), st.__class__.__name__, st.__class__ is Stack)
push = Stack.push
s2 = Stack()
push(s2, 5)
print(s2.pop())
class Shape:
    def area(self):
        raise NotImplementedError
class Sq(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
print([s.area() for s in [Sq(2), Sq(3)]])
try:
    Shape().area()
except NotImplementedError as e:
    print('NotImplementedError', repr(e))
